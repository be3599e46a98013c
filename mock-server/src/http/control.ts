/** The control surface (spec/mock-control.yaml): reset, clock, sent codes, partners. No Huawei path lives here. */
import { SPEC_REVISION } from '@partner-center/sdk';
import type { components } from '../generated/control/schema.js';
import type { World } from '../domain/state.js';
import { fail, ok, type Result } from '../domain/errors.js';
import { issueCustomerToken } from '../domain/tokens.js';

type C = components['schemas'];

export interface ControlContext {
  world: World;
  input: any;
  reset(): void;
}

const clockView = (world: World): C['Clock'] => ({ now: new Date(world.clock.now()).toISOString(), frozen: world.clock.frozen });

export const controlHandlers: Record<string, (ctx: ControlContext) => Result<unknown>> = {
  GetHealth: () => ok({ status: 'ok', spec_revision: SPEC_REVISION } satisfies C['Health']),
  Reset: ({ reset }) => {
    reset();
    return ok(undefined);
  },
  GetClock: ({ world }) => ok(clockView(world)),
  SetClock: ({ world, input }) => {
    const at = Date.parse(input.now);
    if (Number.isNaN(at)) return fail('CBC.0100', `now "${input.now}" is not a valid instant.`);
    world.clock.set(at, input.frozen);
    return ok(clockView(world));
  },
  AdvanceClock: ({ world, input }) => {
    world.clock.advance(Math.round(input.seconds * 1000));
    return ok(clockView(world));
  },
  ListSentCodes: ({ world, input }) => {
    const now = world.clock.now();
    const codes = world.codes
      .filter((c) => !input.receiver || c.receiver === input.receiver.toLowerCase() || c.receiver === input.receiver)
      .map(
        (c): C['SentCode'] => ({
          receiver: c.receiver,
          scene: c.scene,
          code: c.code,
          sent_at: new Date(c.sentAt).toISOString(),
          expires_at: new Date(c.expiresAt).toISOString(),
          attempts_left: Math.max(0, world.settings.codeMaxFailures - c.failures),
          state: c.state === 'active' && now > c.expiresAt ? 'expired' : c.state,
        }),
      )
      .reverse();
    return ok({ codes } satisfies C['SentCodes']);
  },
  IssueCustomerToken: ({ world, input }) => {
    const issued = issueCustomerToken(world, input.customer_id);
    if (!issued.ok) return issued;
    return ok({ token: issued.value.token, expires_at: new Date(issued.value.expiresAt).toISOString() } satisfies C['CustomerToken']);
  },
  ListPartners: ({ world }) =>
    ok({
      partners: [...world.partners.values()].map((p) => ({
        partner_id: p.id,
        name: p.name,
        role: p.role,
        site: p.site,
        ...(p.parentId ? { parent_partner_id: p.parentId } : {}),
        access_key: p.accessKey,
        secret_key: p.secretKey,
        iam_user: p.iamUser,
        iam_password: p.iamPassword,
        iam_domain: p.iamDomain,
      })),
    } satisfies C['Partners']),
};
