/** The control surface (spec/mock-control.yaml): reset, clock, sent codes, partners. No Huawei path lives here. */
import { SPEC_REVISION } from '@partner-center/sdk';
import type { components } from '../generated/control/schema.js';
import type { Partner } from '../kernel/parties.js';
import type { World } from '../domain/world.js';
import { fail, ok, type Result } from '../kernel/result.js';
import { issueCustomerToken } from '../domain/tokens/index.js';
import { partnerCreditView, setBudgetUsage, setPartnerCredit } from '../domain/budgets/index.js';
import { toYuanNumber } from '../kernel/money.js';
import { reviewApplication } from '../domain/realname/index.js';
import { seedResources } from '../domain/resources/index.js';
import { setNewCustomerTag } from '../domain/tags/index.js';
import { setPartnerFunds } from '../domain/funds/index.js';
import { controlQuotaView, grantQuota, setQuotaStatus } from '../domain/quotas/index.js';
import { consumeCoupon, createStoredValueCard } from '../domain/coupons/index.js';
import { consoleHandlers } from './console.js';
import type { ControlContext, ControlTable, ControlTablePart } from './context.js';
import { serviceHandlers } from './services.js';

type C = components['schemas'];

const clockView = (world: World): C['Clock'] => ({
  now: new Date(world.clock.now()).toISOString(),
  frozen: world.clock.frozen,
});

/** The mock's own control operations: health, reset, clock, sent codes, partners and console-side set-up. */
const mockHandlers = {
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
      .map((c): C['SentCode'] => ({
        receiver: c.receiver,
        scene: c.scene,
        code: c.code,
        sent_at: new Date(c.sentAt).toISOString(),
        expires_at: new Date(c.expiresAt).toISOString(),
        attempts_left: Math.max(0, world.settings.codeMaxFailures - c.failures),
        state: c.state === 'active' && now > c.expiresAt ? 'expired' : c.state,
      }))
      .reverse();
    return ok({ codes } satisfies C['SentCodes']);
  },
  SetPartnerFunds: ({ world, input }) => setPartnerFunds(world, input),
  IssueCustomerToken: ({ world, input }) => {
    const issued = issueCustomerToken(world, input.customer_id);
    if (!issued.ok) return issued;
    return ok({
      token: issued.value.token,
      expires_at: new Date(issued.value.expiresAt).toISOString(),
    } satisfies C['CustomerToken']);
  },
  ListPartners: ({ world }) => ok({ partners: [...world.partners.values()].map(partnerView) } satisfies C['Partners']),
  GrantCouponQuota: ({ world, input }) => {
    const granted = grantQuota(world, input);
    return granted.ok ? ok(controlQuotaView(granted.value, world.clock.now())) : granted;
  },
  SetCouponQuotaStatus: ({ world, input }) => {
    const changed = setQuotaStatus(world, input);
    return changed.ok ? ok(controlQuotaView(changed.value, world.clock.now())) : changed;
  },
  ConsumeCoupon: ({ world, input }) => consumeCoupon(world, input),
  CreateStoredValueCard: ({ world, input }) => createStoredValueCard(world, input),
  // Customer management (domain/resources.ts, budgets.ts, realname.ts, tags.ts)
  SeedOnDemandResources: ({ world, input }) => {
    const seeded = seedResources(world, input.customer_id, input.resources);
    return seeded.ok ? ok({ resources: seeded.value } satisfies C['SeededOnDemandResources']) : seeded;
  },
  SetBudgetUsage: ({ world, input }) => {
    const r = setBudgetUsage(world, input.customer_id, input.used_amount);
    if (!r.ok) return r;
    const { budget, isFrozen } = r.value;
    return ok({
      customer_id: budget.customerId,
      budget_amount: toYuanNumber(budget.amount),
      used_amount: toYuanNumber(budget.used),
      is_frozen: isFrozen,
    } satisfies C['BudgetUsage']);
  },
  ReviewRealnameApplication: ({ world, input }) => {
    const r = reviewApplication(world, input.customer_id, input.result, input.opinion);
    if (!r.ok) return r;
    const { application, customer } = r.value;
    return ok({
      customer_id: customer.id,
      review_result: application.state === 'approved' ? 2 : 1,
      verified_status: customer.verifiedStatus,
      customer_type: customer.customerType,
      ...(customer.realName ? { customer: customer.realName } : {}),
    } satisfies C['RealnameReview']);
  },
  SetNewCustomerTag: ({ world, input }) => {
    const r = setNewCustomerTag(world, input);
    if (!r.ok) return r;
    const t = r.value;
    return ok({
      customer_id: input.customer_id,
      new_customer_tag: t.tag,
      ...(t.effectiveMonth ? { effective_time: t.effectiveMonth } : {}),
      ...(t.expireMonth ? { expire_time: t.expireMonth } : {}),
    } satisfies C['SetNewCustomerTagRequest']);
  },
  SetPartnerCreditQuota: ({ world, input }) => {
    const r = setPartnerCredit(world, input);
    if (!r.ok) return r;
    const { measure_id: _m, currency: _c, ...view } = partnerCreditView(world, input.partner_id);
    return ok({ partner_id: input.partner_id, ...view } satisfies C['PartnerCreditQuota']);
  },
} satisfies ControlTablePart<Exclude<keyof ControlTable, keyof typeof consoleHandlers | keyof typeof serviceHandlers>>;

/** The control surface: operationId → command (the console's and the services' parts included). */
export const controlHandlers = { ...consoleHandlers, ...serviceHandlers, ...mockHandlers } satisfies ControlTable;

/** A partner as the control surface shows it (with credentials). */
export function partnerView(p: Partner): C['Partner'] {
  return {
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
  };
}

/** A control handler looked up by a run-time operationId; its input is checked by the operation's validator. */
export type AnyControlHandler = (ctx: ControlContext<unknown>) => Result<unknown>;
const controlByName: Readonly<Record<string, AnyControlHandler>> = controlHandlers as never;

/** The handler of a run-time control operationId, if the mock has one. */
export function controlHandlerFor(operationId: string): AnyControlHandler | undefined {
  return Object.hasOwn(controlByName, operationId) ? controlByName[operationId] : undefined;
}
