/**
 * Test environments over one engine: in-process through MSW, or over real HTTP against the standalone server. The
 * same scenarios run in both, so the SDK ↔ mock contract is checked on both paths.
 */
import { createPartnerClient, endpoints, type PartnerClient, type Site } from '@partner-center/sdk';
import {
  createControlClient,
  createMock,
  type MockControlClient,
  type MockOptions,
  type Partner,
  type RunningServer,
} from '@partner-center/mock';
import { setupServer } from 'msw/node';

export interface TestEnv {
  /** A client for one of the mock's partners, by role and site (or by partner id). */
  client<S extends Site = 'cn'>(who: {
    role?: Partner['role'];
    site?: S;
    id?: string;
    token?: string;
  }): PartnerClient<S>;
  /** The partner behind `client(who)`. */
  partner(who: { role?: Partner['role']; site?: Site; id?: string }): Partner;
  control: MockControlClient;
  /** Base URL the clients use. */
  baseUrl(site: Site): string;
  close(): Promise<void>;
}

const pick = (partners: Iterable<Partner>, who: { role?: Partner['role']; site?: Site; id?: string }) => {
  const found = [...partners].find((p) =>
    who.id ? p.id === who.id : p.role === (who.role ?? 'solution_provider') && p.site === (who.site ?? 'cn'),
  );
  if (!found) throw new Error(`no partner ${JSON.stringify(who)}`);
  return found;
};

const defaults: MockOptions = {
  checkInvariants: true,
  validateResponses: true,
  clockFrozen: true,
  clockStart: Date.UTC(2024, 0, 1),
};

/** The mock in-process: MSW intercepts fetch to the real hosts. */
export function mswEnv(options: MockOptions = {}): TestEnv {
  const mock = createMock({ ...defaults, ...options });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  return {
    client: (who) => {
      const p = pick(mock.engine.world.partners.values(), who);
      const site = (who.site ?? p.site) as never;
      return createPartnerClient({
        site,
        credentials: who.token ? { token: who.token } : { accessKey: p.accessKey, secretKey: p.secretKey },
      }) as never; // the site is chosen at run time; the caller's S says which
    },
    partner: (who) => pick(mock.engine.world.partners.values(), who),
    control: mock.control,
    baseUrl: (site) => endpoints[site],
    close: async () => server.close(),
  };
}

/** The standalone server on a free localhost port, called over real HTTP. */
export async function httpEnv(options: MockOptions = {}): Promise<TestEnv> {
  const mock = createMock({ ...defaults, ...options });
  const running: RunningServer = await mock.listen({ port: 0 });
  const control = createControlClient({ baseUrl: running.url });
  return {
    client: (who) => {
      const p = pick(mock.engine.world.partners.values(), who);
      const site = (who.site ?? p.site) as never;
      return createPartnerClient({
        site,
        baseUrl: running.url,
        credentials: who.token ? { token: who.token } : { accessKey: p.accessKey, secretKey: p.secretKey },
      }) as never; // the site is chosen at run time; the caller's S says which
    },
    partner: (who) => pick(mock.engine.world.partners.values(), who),
    control,
    baseUrl: () => running.url,
    close: () => running.close(),
  };
}

/** What a scenario test starts from: each role's client and partner id on one site. */
export interface Scenario<S extends Site = 'cn'> {
  env: TestEnv;
  sp: PartnerClient<S>;
  dist: PartnerClient<S>;
  res: PartnerClient<S>;
  spId: string;
  distId: string;
  resId: string;
}

/** Resets the mock, freezes its clock at `now` (default 2024-01-01) and hands out each role's client and id. */
export async function freshScenario<S extends Site = 'cn'>(
  env: TestEnv,
  options: { site?: S; now?: string } = {},
): Promise<Scenario<S>> {
  await env.control.reset();
  await env.control.setClock({ now: options.now ?? '2024-01-01T00:00:00Z', frozen: true });
  const site = (options.site ?? 'cn') as S;
  const as = (role: Partner['role']) => [env.client<S>({ role, site }), env.partner({ role, site }).id] as const;
  const [sp, spId] = as('solution_provider');
  const [dist, distId] = as('distributor');
  const [res, resId] = as('reseller');
  return { env, sp, dist, res, spId, distId, resId };
}
