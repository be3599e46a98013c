/**
 * The engine: a request in, an answer out. Route → find the tenant → authenticate → faults → validate (the SDK's
 * generated validators) → domain command → journal → self-validate → respond. The MSW handler and the node:http
 * server are thin adapters over it.
 *
 * Tenants: every World belongs to a tenant. The default tenant has the demo partners (or `options.partners`); a
 * control call creates more, each with its own fresh partners and credentials, so CI jobs sharing one server never
 * see each other's data. A real-API request finds its tenant by its access key or token; a control request by the
 * `X-Mock-Tenant` header (absent: the default tenant).
 *
 * Commands: whatever changes state (a real-API call that may mutate, an IAM token, a mutating control call, a
 * tenant's creation or deletion) runs as a command pinned to one real instant. With a state file each command is
 * journaled and fsync'ed before the answer leaves; replaying the journal through the same handlers over the same
 * seeded Worlds rebuilds the state exactly (see service/persistence.ts).
 */
import { randomBytes } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { describeIssues, SPEC_REVISION, type FieldIssue } from '@partner-center/sdk';
import type { Customer, Partner, Settings, Site } from './kernel/parties.js';
import { createWorld, demoPartners, type World } from './domain/world.js';
import { checkInvariants } from './domain/invariants.js';
import { issueToken } from './domain/tokens/index.js';
import { fail, ok, type Result } from './kernel/result.js';
import { applyScenario, scenarioSpec, type ScenarioResult, type ScenarioSpec } from './domain/scenarios.js';
import { authenticate } from './http/auth.js';
import { controlHandlers, partnerView, type ControlContext } from './http/control.js';
import { apiHandlers, type HandlerContext } from './http/handlers.js';
import { rawError, rawJson, toFetchResponse, type RawResponse } from './http/respond.js';
import { checkInput, findRoute, parseQuery, type RouteOperation } from './http/router.js';
import { FaultSet, type FaultRule, type FaultRuleInput } from './service/faults.js';
import { loadStateFile, openStateFile, type StateFile } from './service/persistence.js';
import { RequestLog, type RequestRecord } from './service/requests.js';
import type { ServiceControl } from './service/control.js';
import { checkResponse } from './service/selfcheck.js';
import {
  createStatefulClock,
  createTimeSource,
  type ClockState,
  type StatefulClock,
  type TimeSource,
} from './service/time.js';
import { createRandom } from './kernel/random.js';
import { JournalBudget } from './app/journal-budget.js';
import { redactSecrets, truncatedBody } from './app/journal-payload.js';
import { passwordMatches, saltedPasswordHash } from './app/iam-password.js';
import {
  controlRefusal,
  crossSiteRefusal,
  type Grant,
  presentedToken,
  reachesControlByDots,
  sameToken,
} from './http/access.js';
import { findOverPreciseAmount } from './http/amounts.js';
import { bodyTooLarge, DEFAULT_MAX_BODY_BYTES } from './http/limits.js';

export type { RawResponse } from './http/respond.js';

/** Options of a mock instance. */
export interface MockOptions {
  /** Partners of the default tenant instead of the demo ones. */
  partners?: Partner[];
  /** Behaviour where the reference leaves a value open (caps, delays, skew…). */
  settings?: Partial<Settings>;
  /** Start the virtual clock at this instant (epoch ms) instead of now. */
  clockStart?: number;
  /** Start with the clock frozen. */
  clockFrozen?: boolean;
  /** Check every state invariant after each real-API call and fail loudly on a violation (tests turn it on). */
  checkInvariants?: boolean;
  /**
   * Check every answer against the spec (success body against the operation's strict response schema, error codes
   * against its `x-error-codes`). A drift answers 500 `MOCK.SPEC_DRIFT`, is printed to stderr and listed in
   * `engine.drift`. On in the tests, `--validate-responses` in the CLI.
   */
  validateResponses?: boolean;
  /** Persist state here (snapshot) and in `<stateFile>.journal`; existing state is loaded on start. */
  stateFile?: string;
  /** fsync each journal line (default true; false still survives a killed process, not a power cut). */
  fsync?: boolean;
  /** Commands between automatic snapshots (default 10 000). */
  snapshotEvery?: number;
  /** Requests kept per tenant for the control surface's journal (default 1 000). */
  requestLogLimit?: number;
  /** Bytes of request journal kept per tenant (default 4 MiB). */
  requestLogBytes?: number;
  /** Bytes of request journal kept for all tenants together (default 64 MiB). */
  requestLogTotalBytes?: number;
  /** Largest request body, in bytes (default 1 MiB); a bigger one is answered 413 `APIGW.0201`. */
  maxBodyBytes?: number;
  /**
   * Require a token on the control surface (`/_mock/`, but its health check): this admin token reaches every tenant,
   * the `control_token` of a created tenant reaches that tenant only. Sent as `Authorization: Bearer <token>` or
   * `X-Mock-Token`.
   */
  adminToken?: string;
  /** A scenario to seed the default tenant with, when the state is fresh (not loaded from a state file). */
  scenario?: ScenarioSpec;
}

/** A request as the engine takes it (the node adapter builds this directly, without a Fetch `Request`). */
export interface RawRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** A Fetch `Headers`, or anything answering get/has by lower-case name (the node adapter wraps node's headers). */
  headers: HeaderLookup;
  body: Uint8Array;
}

/** What the engine reads of request headers. */
export interface HeaderLookup {
  get(name: string): string | null;
  has(name: string): boolean;
}

/** What a tenant was created from: enough to rebuild its World from scratch. */
export interface TenantSeed {
  id: string;
  name: string;
  partners: Partner[];
  settings: Partial<Settings>;
  clockStart?: number;
  clockFrozen?: boolean;
  /** The tenant's own control token (created tenants; the default tenant has none). */
  controlToken?: string;
}

/** One isolated state and everything scoped to it. */
export interface Tenant {
  readonly id: string;
  readonly name: string;
  /** The current World (replaced on reset). */
  readonly world: World;
  readonly faults: FaultSet;
  readonly requests: RequestLog;
  /** The partners it was created with. */
  readonly seedPartners: readonly Partner[];
  /** Its control token (created tenants): reaches this tenant's control calls when the engine requires tokens. */
  readonly controlToken?: string;
}

/** A response that did not match the spec. */
export interface Drift {
  tenant: string;
  operation: string;
  status: number;
  issues: string[];
}

/** A running mock: its request handler and its state. */
export interface Engine {
  /** Answers one request as the real service (or the control surface) would. */
  handle(request: Request): Promise<Response>;
  /** The same, on plain values. */
  handleRaw(request: RawRequest): Promise<RawResponse>;
  /**
   * handleRaw without the promise (what the node:http adapter uses): the answer itself, or a promise of it when an
   * injected latency delays it. Throws (rather than rejects) on a mock bug.
   */
  serve(request: RawRequest): RawResponse | Promise<RawResponse>;
  /** The default tenant's current state (replaced on reset). */
  readonly world: World;
  /** Resets the default tenant: its seed partners only, no customers, codes or tokens; the clock back to its start. */
  reset(): void;
  /** A tenant by id (default: the default tenant). */
  tenant(id?: string): Tenant | undefined;
  readonly tenants: ReadonlyMap<string, Tenant>;
  /** Creates a tenant with fresh partners and credentials (and optionally seeds it). */
  createTenant(options?: { name?: string; seed?: number; scenario?: ScenarioSpec }): {
    tenant: Tenant;
    scenario?: ScenarioResult;
  };
  deleteTenant(id: string): boolean;
  /** Seeds a tenant; on a refused step nothing changes. */
  applyScenario(spec: ScenarioSpec, tenantId?: string): Result<ScenarioResult>;
  /** Adds a fault rule to a tenant (default tenant when absent). */
  addFault(rule: FaultRuleInput, tenantId?: string): FaultRule;
  /** Answers that did not match the spec, oldest first. */
  readonly drift: readonly Drift[];
  /** Writes a snapshot now (with a state file). */
  snapshot(): void;
  /** Snapshots and closes the state file; the engine must not be used afterwards. */
  close(): void;
  /** What loading the state file did (undefined without one). */
  readonly restored?: { snapshot: boolean; replayed: number; tornTail: boolean };
}

export const DEFAULT_TENANT = 'default';
/** Header naming the tenant of a control request. */
export const TENANT_HEADER = 'x-mock-tenant';
const IAM_TOKENS_PATH = '/v3/auth/tokens';

/** Operations whose name says they only read; they are not journaled unless they drew random numbers. */
const READ_ONLY_NAME = /^(List|Show|Get|Check|Query|Search)/;
const readNames = new Map<string, boolean>();
function isReadName(operationId: string): boolean {
  let read = readNames.get(operationId);
  if (read === undefined) {
    read = READ_ONLY_NAME.test(operationId);
    readNames.set(operationId, read);
  }
  return read;
}
// Journaling decisions of run(): always, never, or when the command drew random numbers (a read that made an id).
const alwaysJournal = () => true;
const neverJournal = () => false;
const drewRandom = (tenant: { world: World } | undefined, randomBefore: number) =>
  tenant !== undefined && tenant.world.random.state() !== randomBefore;
/** Control operations that are not state (not persisted): faults and the request journal. */
const EPHEMERAL_CONTROL = new Set([
  'AddFault',
  'ListFaults',
  'ClearFaults',
  'ListRequests',
  'ListTenants',
  'GetHealth',
]);
/** Control operations that journal their own commands (tenant lifecycle: ids and credentials come from crypto). */
const SELF_JOURNALED_CONTROL = new Set(['CreateTenant', 'DeleteTenant']);

/** A journaled command: what ran, for whom, at which real instant. */
type Command =
  | { k: 'api'; t: string; at: number; op: string; site: Site; p: string; c?: string; i: unknown }
  | { k: 'iam'; t: string; at: number; u: string; pw?: string; pwh?: string; d: string }
  | { k: 'control'; t: string; at: number; op: string; i: unknown }
  | { k: 'tenant'; t: string; at: number; seed: TenantSeed }
  | { k: 'drop'; t: string; at: number };

interface SavedTenant {
  seed: TenantSeed;
  world: Omit<World, 'clock' | 'random'> & { clock: ClockState; random: number };
}

interface LiveTenant extends Tenant {
  seed: TenantSeed;
  world: World;
}

/** Creates an engine with its own, isolated state. */
export function createEngine(options: MockOptions = {}): Engine {
  const time: TimeSource = createTimeSource();
  const tenants = new Map<string, LiveTenant>();
  const byAccessKey = new Map<string, LiveTenant>();
  const drift: Drift[] = [];
  const logLimit = options.requestLogLimit ?? 1_000;
  const logBytes = options.requestLogBytes ?? 4 * 1024 * 1024;
  const journalBudget = new JournalBudget(options.requestLogTotalBytes ?? 64 * 1024 * 1024);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let seq = 0;
  let store: StateFile<Command> | undefined;

  // ---- worlds and tenants ------------------------------------------------------------------------------------

  const freshWorld = (seed: TenantSeed): World => {
    const clock = createStatefulClock(time, { start: seed.clockStart, frozen: seed.clockFrozen });
    return createWorld(
      seed.partners.map((p) => ({ ...p })),
      seed.settings,
      clock,
    );
  };

  const addTenant = (seed: TenantSeed, world = freshWorld(seed)): LiveTenant => {
    const tenant: LiveTenant = {
      id: seed.id,
      name: seed.name,
      seed,
      world,
      faults: new FaultSet(),
      requests: new RequestLog({ count: logLimit, bytes: logBytes, budget: journalBudget }),
      ...(seed.controlToken !== undefined ? { controlToken: seed.controlToken } : {}),
      seedPartners: seed.partners,
    };
    tenants.set(seed.id, tenant);
    return tenant;
  };

  const resetTenant = (t: LiveTenant) => {
    t.world = freshWorld(t.seed);
  };

  const tenantByAccessKey = (ak: string): LiveTenant | undefined => {
    const cached = byAccessKey.get(ak);
    if (cached && tenants.get(cached.id) === cached && cached.world.partnersByAccessKey.has(ak)) return cached;
    for (const t of tenants.values()) {
      if (t.world.partnersByAccessKey.has(ak)) {
        byAccessKey.set(ak, t);
        return t;
      }
    }
    return undefined;
  };
  const tenantByToken = (token: string) => [...tenants.values()].find((t) => t.world.tokens.has(token));
  const tenantByIamUser = (user: string, domain: string) =>
    [...tenants.values()].find((t) =>
      [...t.world.partners.values()].some((p) => p.iamUser === user && p.iamDomain === domain),
    );

  // ---- commands ----------------------------------------------------------------------------------------------

  /** Runs a command against the state; the same code runs live and on replay. */
  const execute = (cmd: Command): Result<unknown> => {
    if (cmd.k === 'tenant') {
      addTenant(cmd.seed);
      return ok(undefined);
    }
    const tenant = tenants.get(cmd.t);
    if (!tenant) return fail('CBC.0100', `Unknown tenant ${cmd.t}.`);
    switch (cmd.k) {
      case 'drop':
        tenants.delete(cmd.t);
        // Nothing may keep a deleted tenant reachable: its World, journal and faults are freed with it.
        for (const [ak, t] of byAccessKey) if (t === tenant) byAccessKey.delete(ak);
        tenant.requests.close();
        return ok(undefined);
      case 'iam': {
        if (cmd.pw !== undefined) return issueToken(tenant.world, cmd.u, cmd.pw, cmd.d);
        // Replayed from the journal, which keeps a salted hash: the sign-in succeeded live, so it does again when
        // the partner's password is still the one hashed.
        const p = [...tenant.world.partners.values()].find((x) => x.iamUser === cmd.u && x.iamDomain === cmd.d);
        const pw = p && cmd.pwh !== undefined && passwordMatches(cmd.pwh, p.iamPassword) ? p.iamPassword : undefined;
        return issueToken(tenant.world, cmd.u, pw ?? '\u0000', cmd.d);
      }
      case 'control':
        return runControl(tenant, cmd.op, cmd.i);
      case 'api': {
        const world = tenant.world;
        const partner = world.partners.get(cmd.p);
        const customer = cmd.c === undefined ? undefined : world.customers.get(cmd.c);
        if (!partner || (cmd.c !== undefined && !customer)) return fail('CBC.0154', 'The caller no longer exists.');
        const ctx: HandlerContext = { world, partner, input: cmd.i };
        if (customer) ctx.customer = customer;
        return apiHandlers[cmd.op]!(ctx);
      }
    }
  };

  /**
   * Runs a command live: pinned to one instant, journaled when it may have changed state (`mayMutate` gets the
   * tenant as it is after the command, and the state of its random generator before).
   */
  const run = (
    cmd: Command,
    mayMutate: (tenant: LiveTenant | undefined, randomBefore: number) => boolean = alwaysJournal,
  ): Result<unknown> => {
    const tenant = tenants.get(cmd.t);
    const randomBefore = tenant ? tenant.world.random.state() : 0;
    const result = time.pinned(cmd.at, execute, cmd);
    if (store && mayMutate(tenants.get(cmd.t), randomBefore)) {
      seq++;
      // A password never goes to the file in clear (app/iam-password.ts).
      const { pw, ...rest } = cmd as Command & { pw?: string };
      store.append(
        pw === undefined
          ? { ...cmd, seq }
          : ({ ...rest, pwh: saltedPasswordHash(pw), seq } as Command & { seq: number }),
      );
      if (store.pending >= (options.snapshotEvery ?? 10_000)) snapshot();
    }
    return result;
  };

  /** What the service-level control operations (service/control.ts) get besides the World. */
  const serviceFor = (tenant: LiveTenant): ServiceControl => ({
    faults: tenant.faults,
    requests: tenant.requests,
    isOperation: (id) => Boolean(apiHandlers[id]),
    listTenants: () =>
      [...tenants.values()].map((t) => ({
        tenant_id: t.id,
        name: t.name,
        partners: t.world.partners.size,
        customers: t.world.customers.size,
      })),
    createTenant: (input) => createTenantFromInput(input),
    deleteTenant: (id) => deleteTenant(id),
    applyScenario: (input) => {
      const spec = scenarioSpec(input);
      return spec.ok ? applyAtomically(tenant, spec.value) : spec;
    },
  });

  const runControl = (tenant: LiveTenant, op: string, input: unknown): Result<unknown> => {
    const handler = controlHandlers[op];
    if (!handler) return fail('CBC.0100', `control operation ${op} is not implemented`);
    const result = handler({
      world: tenant.world,
      input,
      reset: () => resetTenant(tenant),
      service: serviceFor(tenant),
    } as ControlContext);
    // Console actions move money and coupons too: the same invariants hold after them as after real-API calls.
    if (options.checkInvariants) {
      const violations = checkInvariants(tenant.world);
      if (violations.length)
        throw new Error(`mock invariant violated after control operation ${op}: ${violations.join('; ')}`);
    }
    return result;
  };

  /** A scenario runs whole or not at all. */
  const applyAtomically = (tenant: LiveTenant, spec: ScenarioSpec): Result<ScenarioResult> => {
    const backup = saveWorld(tenant.world);
    const r = applyScenario(tenant.world, spec);
    if (!r.ok) tenant.world = loadWorld(backup, time);
    return r;
  };

  // ---- persistence -------------------------------------------------------------------------------------------

  const snapshot = () => {
    if (!store) return;
    const data: SavedTenant[] = [...tenants.values()].map((t) => ({ seed: t.seed, world: saveWorld(t.world) }));
    store.snapshot(seq, data);
  };

  const defaultSeed = (): TenantSeed => ({
    id: DEFAULT_TENANT,
    name: 'default',
    partners: (options.partners ?? demoPartners()).map((p) => ({ ...p })),
    settings: options.settings ?? {},
    ...(options.clockStart !== undefined ? { clockStart: options.clockStart } : {}),
    ...(options.clockFrozen !== undefined ? { clockFrozen: options.clockFrozen } : {}),
  });

  let restored: Engine['restored'];
  let fresh = true;
  if (options.stateFile) {
    const loaded = loadStateFile<SavedTenant[], Command>(options.stateFile);
    if (loaded.snapshot) {
      seq = loaded.snapshot.seq;
      for (const saved of loaded.snapshot.data) addTenant(saved.seed, loadWorld(saved.world, time));
    }
    for (const cmd of loaded.entries) {
      time.pinned(cmd.at, execute, cmd);
      seq = cmd.seq;
    }
    fresh = !loaded.snapshot && loaded.entries.length === 0;
    restored = { snapshot: Boolean(loaded.snapshot), replayed: loaded.entries.length, tornTail: loaded.tornTail };
    store = openStateFile<Command>(options.stateFile, { fsync: options.fsync });
  }
  if (fresh) {
    run({ k: 'tenant', t: DEFAULT_TENANT, at: time.now(), seed: defaultSeed() });
    if (options.scenario) {
      const r = run({ k: 'control', t: DEFAULT_TENANT, at: time.now(), op: 'ApplyScenario', i: options.scenario });
      if (!r.ok) throw new Error(`scenario ${options.scenario.name ?? ''} failed: ${r.error.code} ${r.error.message}`);
    }
  } else if (restored && restored.replayed > 0) {
    // Fold the replayed journal into a snapshot, so the next start reads one file.
    snapshot();
  }
  if (!tenants.has(DEFAULT_TENANT)) throw new Error('the state file has no default tenant');

  // ---- requests ----------------------------------------------------------------------------------------------

  const selfCheck = (
    tenant: LiveTenant,
    kind: 'api' | 'control',
    op: RouteOperation & { errorCodes?: readonly string[] },
    site: Site | undefined,
    raw: RawResponse,
  ): RawResponse => {
    if (!options.validateResponses) return raw;
    const issues = checkResponse(kind, site, op, raw);
    if (!issues.length) return raw;
    drift.push({ tenant: tenant.id, operation: op.operationId, status: raw.status, issues });
    console.error(`[partner-center-mock] SPEC DRIFT in ${op.operationId} (HTTP ${raw.status}): ${issues.join('; ')}`);
    return {
      ...rawError(
        {
          code: 'MOCK.SPEC_DRIFT',
          message: `The mock's answer to ${op.operationId} does not match the spec: ${issues.join('; ')}`,
        },
        500,
        { 'X-Mock-Drift': '1' },
      ),
      driftIssues: issues,
    };
  };

  /** handleRaw without the promise: synchronous unless a latency fault delays the answer. */
  function serve(req: RawRequest): RawResponse | Promise<RawResponse> {
    if (req.body.length > maxBody) return bodyTooLarge(req.body.length, maxBody);
    const url = requestTarget(req.url);
    const method = req.method.toUpperCase();
    if (method === 'POST' && url.pathname === IAM_TOKENS_PATH) return iamTokens(req.body);

    const route = findRoute(method, url.pathname);
    if (!route) return notFound(method, url.pathname);

    if (route.kind === 'control') {
      // `/v2/../_mock/…` is normalised into the control surface; only a path written under /_mock/ reaches it.
      if (reachesControlByDots(req.url, url.pathname)) return notFound(method, url.pathname);
      return control(route.op, url, req);
    }

    // Real API: the tenant owning the credentials.
    const token = req.headers.get('x-auth-token');
    const ak = token ? undefined : /Access=([^,\s]+)/.exec(req.headers.get('authorization') ?? '')?.[1];
    const found = token ? tenantByToken(token) : ak ? tenantByAccessKey(ak) : undefined;
    const tenant = found ?? tenants.get(DEFAULT_TENANT)!;
    const auth = authenticate(tenant.world, { method, url, headers: req.headers }, req.body);
    if (!auth.ok) return rawError(auth.error);
    const world = tenant.world;
    const partner = world.partners.get(auth.value.partner.id);
    if (!partner) return rawError({ code: 'CBC.0154', message: 'The caller no longer exists (the tenant was reset).' });
    const customer = auth.value.customer;
    const op = route[partner.site] as (RouteOperation & { errorCodes?: readonly string[] }) | undefined;
    // An operation of the other site only: the gateway of this site does not publish it.
    if (!op) return notFound(method, url.pathname);

    const started = performance.now();
    const record: RequestRecord = {
      atMs: world.clock.now(),
      operation: op.operationId,
      method,
      path: url.pathname,
      partner_id: partner.id,
      ...(customer ? { customer_id: customer.id } : {}),
      request: undefined,
      status: 0,
      duration_ms: 0,
    };
    // Faults decided before anything runs, deterministically per tenant.
    const fault = tenant.faults.decide(op.operationId);
    const call: ApiCall = {
      tenant,
      record,
      op,
      url,
      body: req.body,
      started,
      method,
      partner,
      customer,
      action: fault.action,
    };
    return fault.latencyMs > 0 ? sleep(fault.latencyMs).then(() => answerApi(call)) : answerApi(call);
  }

  /** A real-API request once authenticated, routed and past any injected latency: faults, input, command, answer. */
  function answerApi(log: ApiCall): RawResponse {
    const { tenant, record, op, url, method, partner, customer, action } = log;
    if (action?.action === 'reset') return logged(log, { status: 0, headers: {}, networkError: true }, 'reset');
    if (action?.action === 'error') {
      return logged(
        log,
        rawError(
          { code: action.error_code ?? 'CBC.0999', message: `Injected fault ${action.fault_id}.` },
          action.status ?? 500,
        ),
        'error',
      );
    }
    if (action?.action === 'rate_limit') {
      return logged(
        log,
        rawError(
          { code: action.error_code ?? 'CBC.0250', message: `Injected fault ${action.fault_id}: flow control.` },
          429,
          { 'Retry-After': String(action.retry_after ?? 1) },
        ),
        'rate_limit',
      );
    }

    const input = readInput(op, url, log.body);
    if (!input.ok) {
      if (input.issues) record.request_issues = input.issues;
      return logged(log, selfCheck(tenant, 'api', op, partner.site, input.response));
    }
    record.request = journalPayload(log.body, input.raw);
    if (!apiHandlers[op.operationId]) {
      return logged(
        log,
        selfCheck(
          tenant,
          'api',
          op,
          partner.site,
          rawError({ code: 'CBC.0999', message: `${op.operationId} is not implemented by the mock.` }),
        ),
      );
    }

    // The world may have been replaced (reset) while authenticating: the command finds the caller again by id.
    const readOnly = method === 'GET' || isReadName(op.operationId);
    const before = options.checkInvariants && readOnly ? fingerprint(tenant.world) : undefined;
    const randomBefore = tenant.world.random.state();
    const cmd: Command = {
      k: 'api',
      t: tenant.id,
      at: time.now(),
      op: op.operationId,
      site: partner.site,
      p: partner.id,
      ...(customer ? { c: customer.id } : {}),
      i: input.value,
    };
    // A read is journaled only when it drew random numbers (the replay must draw them too).
    const result = run(cmd, readOnly ? drewRandom : alwaysJournal);
    if (options.checkInvariants) {
      const violations = checkInvariants(tenant.world);
      if (violations.length)
        throw new Error(`mock invariant violated after ${op.operationId}: ${violations.join('; ')}`);
      const drewRandom = tenant.world.random.state() !== randomBefore;
      if (before !== undefined && !drewRandom && !fingerprint(tenant.world).equals(before)) {
        throw new Error(
          `mock invariant violated: ${op.operationId} is named as a read but changed the state without drawing a random number, so the journal would not persist the change`,
        );
      }
    }
    const answer = selfCheck(
      tenant,
      'api',
      op,
      partner.site,
      result.ok ? rawJson(op.successStatus, result.value) : rawError(result.error),
    );
    if (action?.action === 'fail_after_commit') {
      return logged(
        log,
        rawError(
          {
            code: action.error_code ?? 'CBC.0999',
            message: `Injected fault ${action.fault_id}: the change was applied, the answer failed.`,
          },
          action.status ?? 500,
        ),
        'fail_after_commit',
      );
    }
    return logged(log, answer);
  }

  /** What the token a control request carries reaches (undefined: no valid token). */
  const grantOf = (req: RawRequest): Grant | undefined => {
    const token = presentedToken(req.headers);
    if (token === undefined) return undefined;
    if (options.adminToken !== undefined && sameToken(token, options.adminToken)) return { kind: 'admin' };
    for (const t of tenants.values())
      if (t.seed.controlToken !== undefined && sameToken(token, t.seed.controlToken))
        return { kind: 'tenant', tenantId: t.id };
    return undefined;
  };

  function control(op: RouteOperation, url: Target, req: RawRequest): RawResponse {
    const refused = op.operationId === 'GetHealth' ? undefined : controlAccess(op, url, req);
    if (refused) return rawError({ code: refused.code, message: refused.message }, refused.status);
    const grant = options.adminToken !== undefined ? grantOf(req) : undefined;
    const tenantId = req.headers.get(TENANT_HEADER) ?? (grant?.kind === 'tenant' ? grant.tenantId : DEFAULT_TENANT);
    const tenant = tenants.get(tenantId);
    if (!tenant) return rawError({ code: 'CBC.0100', message: `Unknown tenant ${tenantId} (header X-Mock-Tenant).` });
    // CreateTenant takes an empty body as {}.
    const body = op.operationId === 'CreateTenant' && req.body.length === 0 ? new TextEncoder().encode('{}') : req.body;
    const input = readInput(op, url, body);
    if (!input.ok) return selfCheck(tenant, 'control', op, undefined, input.response);
    const cmd: Command = { k: 'control', t: tenant.id, at: time.now(), op: op.operationId, i: input.value };
    // Ephemeral operations are not state; tenant creation and deletion journal their own commands.
    const result =
      EPHEMERAL_CONTROL.has(op.operationId) || SELF_JOURNALED_CONTROL.has(op.operationId)
        ? time.pinned(cmd.at, execute, cmd)
        : run(cmd, op.method === 'GET' ? neverJournal : alwaysJournal);
    return selfCheck(
      tenant,
      'control',
      op,
      undefined,
      result.ok ? rawJson(op.successStatus, result.value) : rawError(result.error),
    );
  }

  /** The access rules of the control surface (http/access.ts): cross-site requests, and tokens when required. */
  function controlAccess(op: RouteOperation, url: Target, req: RawRequest) {
    const crossSite = crossSiteRefusal(req.method.toUpperCase(), req.headers);
    if (crossSite) return crossSite;
    if (options.adminToken === undefined) return undefined;
    const grant = grantOf(req);
    const addressed = req.headers.get(TENANT_HEADER) ?? (grant?.kind === 'tenant' ? grant.tenantId : DEFAULT_TENANT);
    const target = op.operationId === 'DeleteTenant' ? (url.searchParams.get('tenant_id') ?? '') : undefined;
    return controlRefusal(grant, op.operationId, addressed, target);
  }

  const newTenantSeed = (name: string | undefined, seedValue: number | undefined): TenantSeed => {
    const id = `t-${randomBytes(6).toString('hex')}`;
    const key = randomBytes(5).toString('hex').toUpperCase();
    const partners = demoPartners().map((p, i): Partner => {
      const k = `${key}${i}`;
      return {
        ...p,
        id: randomBytes(16).toString('hex'),
        name: p.name.replace('Demo', name ? `${name}:` : `Tenant ${id}`),
        accessKey: `PCT${k}`.padEnd(20, '0'),
        secretKey: `pct-secret-${randomBytes(14).toString('hex')}`,
        iamUser: `${k.toLowerCase()}-admin`,
        iamPassword: `T-${randomBytes(6).toString('hex')}-Pass1`,
        iamDomain: `${k.toLowerCase()}-domain`,
      };
    });
    // Each reseller under this tenant's distributor of its own site.
    for (const p of partners)
      if (p.role === 'reseller') p.parentId = partners.find((d) => d.role === 'distributor' && d.site === p.site)!.id;
    const base = tenants.get(DEFAULT_TENANT)!.seed;
    return {
      id,
      name: name ?? id,
      controlToken: randomBytes(24).toString('base64url'),
      partners,
      settings: { ...base.settings, seed: seedValue ?? randomBytes(4).readUInt32BE() },
      ...(base.clockStart !== undefined ? { clockStart: base.clockStart } : {}),
      ...(base.clockFrozen !== undefined ? { clockFrozen: base.clockFrozen } : {}),
    };
  };

  const createTenant: Engine['createTenant'] = (o = {}) => {
    const seed = newTenantSeed(o.name, o.seed);
    run({ k: 'tenant', t: seed.id, at: time.now(), seed });
    const tenant = tenants.get(seed.id)!;
    if (!o.scenario) return { tenant };
    const r = run({ k: 'control', t: seed.id, at: time.now(), op: 'ApplyScenario', i: o.scenario });
    if (!r.ok) {
      deleteTenant(seed.id);
      throw new Error(`scenario failed: ${r.error.code} ${r.error.message}`);
    }
    return { tenant, scenario: r.value as ScenarioResult };
  };

  const deleteTenant = (id: string): boolean => {
    if (id === DEFAULT_TENANT || !tenants.has(id)) return false;
    run({ k: 'drop', t: id, at: time.now() });
    return true;
  };

  /** CreateTenant's answer: the tenant, its partners with credentials, and what its scenario made. */
  function createTenantFromInput(body: {
    name?: string;
    seed?: number;
    scenario?: { name?: string; steps?: ScenarioSpec['steps'] };
  }): Result<unknown> {
    let spec: ScenarioSpec | undefined;
    if (body.scenario) {
      const s = scenarioSpec(body.scenario);
      if (!s.ok) return s;
      spec = s.value;
    }
    let created: ReturnType<Engine['createTenant']>;
    try {
      created = createTenant({
        ...(body.name ? { name: body.name } : {}),
        ...(body.seed !== undefined ? { seed: body.seed } : {}),
        ...(spec ? { scenario: spec } : {}),
      });
    } catch (e) {
      return fail('CBC.0100', (e as Error).message);
    }
    return ok({
      tenant_id: created.tenant.id,
      name: created.tenant.name,
      control_token: created.tenant.controlToken!,
      header: { name: 'X-Mock-Tenant', value: created.tenant.id },
      partners: [...created.tenant.world.partners.values()].map(partnerView),
      ...(created.scenario ? { scenario: created.scenario } : {}),
    });
  }

  function iamTokens(body: Uint8Array): RawResponse {
    let req: any;
    try {
      req = JSON.parse(utf8.decode(body));
    } catch {
      req = undefined;
    }
    const user = req?.auth?.identity?.password?.user;
    if (
      !Array.isArray(req?.auth?.identity?.methods) ||
      !req.auth.identity.methods.includes('password') ||
      typeof user?.name !== 'string' ||
      typeof user?.password !== 'string' ||
      typeof user?.domain?.name !== 'string'
    ) {
      return rawJson(400, {
        error: {
          code: 400,
          message: 'The request body must use the password method with user name, password and domain name.',
          title: 'Bad Request',
        },
      });
    }
    const tenant = tenantByIamUser(user.name, user.domain.name) ?? tenants.get(DEFAULT_TENANT)!;
    // A refused sign-in draws no token, so it is not journaled.
    const issued = run(
      { k: 'iam', t: tenant.id, at: time.now(), u: user.name, pw: user.password, d: user.domain.name },
      drewRandom,
    ) as ReturnType<typeof issueToken>;
    if (!issued.ok) return rawJson(401, { error: { code: 401, message: issued.error.message, title: 'Unauthorized' } });
    const { token, partner, expiresAt, issuedAt } = issued.value;
    return rawJson(
      201,
      {
        token: {
          methods: ['password'],
          expires_at: new Date(expiresAt).toISOString(),
          issued_at: new Date(issuedAt).toISOString(),
          user: { name: user.name, id: partner.id, domain: { name: partner.iamDomain, id: partner.id } },
          domain: { name: partner.iamDomain, id: partner.id },
        },
      },
      { 'X-Subject-Token': token },
    );
  }

  const defaultTenant = () => tenants.get(DEFAULT_TENANT)!;

  return {
    handle: async (request) => {
      const body = new Uint8Array(await request.arrayBuffer());
      return toFetchResponse(await serve({ method: request.method, url: request.url, headers: request.headers, body }));
    },
    handleRaw: async (request) => serve(request),
    serve,
    get world() {
      return defaultTenant().world;
    },
    reset: () => void run({ k: 'control', t: DEFAULT_TENANT, at: time.now(), op: 'Reset', i: undefined }),
    tenant: (id = DEFAULT_TENANT) => tenants.get(id),
    tenants,
    createTenant,
    deleteTenant,
    applyScenario: (spec, tenantId = DEFAULT_TENANT) => {
      if (!tenants.has(tenantId)) return fail('CBC.0100', `Unknown tenant ${tenantId}.`);
      return run({ k: 'control', t: tenantId, at: time.now(), op: 'ApplyScenario', i: spec }) as Result<ScenarioResult>;
    },
    addFault: (rule, tenantId = DEFAULT_TENANT) => {
      const t = tenants.get(tenantId);
      if (!t) throw new Error(`Unknown tenant ${tenantId}`);
      return t.faults.add(rule);
    },
    drift,
    snapshot,
    close: () => {
      if (!store) return;
      snapshot();
      store.close();
      store = undefined;
    },
    restored,
  };
}

// ---- World serialisation (snapshots, scenario rollback) --------------------------------------------------------

function saveWorld(world: World): SavedTenant['world'] {
  const { clock, random, ...rest } = world;
  return deserialize(
    serialize({ ...rest, clock: (clock as StatefulClock).state(), random: random.state() }),
  ) as SavedTenant['world'];
}

function loadWorld(saved: SavedTenant['world'], time: TimeSource): World {
  const copy = deserialize(serialize(saved)) as SavedTenant['world'];
  return {
    ...copy,
    clock: createStatefulClock(time, { state: copy.clock }),
    random: createRandom(copy.random),
  } as World;
}

/** The World's data as bytes, to detect a change (tests only). */
function fingerprint(world: World): Buffer {
  const { clock, random: _random, ...rest } = world;
  return serialize({ ...rest, clock: (clock as StatefulClock).state() });
}

// ---- requests ----------------------------------------------------------------------------------------------------

/** What the engine reads of a request's URL: the parts of a WHATWG `URL` it uses. */
interface Target {
  readonly host: string;
  readonly pathname: string;
  readonly search: string;
  readonly searchParams: URLSearchParams;
}

/** A path of plain segments (letters, digits, `-`, `_`, dots inside a segment): `new URL` leaves it as it is. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*\/?$/;
/**
 * `http(s)://host[:port]` that `new URL` only lower-cases: a dotted quad, or a name whose last label starts with a
 * letter (not an IPv4 number form), no punycode label; a port without leading zeros.
 */
const PLAIN_ORIGIN =
  /^(https?):\/\/((?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)|(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*)(?::([1-9]\d{0,4}))?$/i;
/** The (empty) parameters of every search-less target; nothing modifies them. */
const NO_PARAMS = new URLSearchParams();

/**
 * The request URL's host, path and query as `new URL` gives them. API calls have plain paths and most have no query
 * string: then the parts are sliced off the string (`new URL` costs more than the rest of routing). Anything else (a
 * query, escapes, dot segments, an unusual host or port) goes through `new URL`, whose normalisation the signature
 * and the router must see. engine.test.ts checks both agree.
 */
export function requestTarget(url: string): Target {
  const pathStart = url.indexOf('/', url.indexOf('://') + 3);
  if (pathStart > 0 && !url.includes('?', pathStart) && !url.includes('#', pathStart)) {
    const pathname = url.slice(pathStart);
    const origin = PLAIN_PATH.test(pathname) ? PLAIN_ORIGIN.exec(url.slice(0, pathStart)) : null;
    if (origin && !origin[2]!.toLowerCase().includes('xn--')) {
      const port = origin[3] === undefined ? undefined : Number(origin[3]);
      if (port === undefined || port <= 65535) {
        const hostname = origin[2]!.toLowerCase();
        // new URL drops the scheme's default port.
        const isDefault = port === (origin[1]!.length === 5 ? 443 : 80);
        return {
          host: port === undefined || isDefault ? hostname : `${hostname}:${port}`,
          pathname,
          search: '',
          searchParams: NO_PARAMS,
        };
      }
    }
  }
  return new URL(url);
}

/** A real-API request on its way through the engine, with the request journal's record of it. */
interface ApiCall {
  tenant: LiveTenant;
  record: RequestRecord;
  op: RouteOperation & { errorCodes?: readonly string[] };
  url: Target;
  body: Uint8Array;
  /** performance.now() when it was routed. */
  started: number;
  method: string;
  partner: Partner;
  customer: Customer | undefined;
  /** The injected fault that fires on it, besides latency. */
  action: FaultRule | undefined;
}

/** Completes the journal record of a real-API request with its answer (and the fault that fired) and keeps it. */
function logged(log: ApiCall, raw: RawResponse, fault?: string): RawResponse {
  const record = log.record;
  if (fault) record.fault = fault;
  if (record.request === undefined)
    record.request = journalPayload(log.body, requestPayload(log.op, log.url, log.body));
  record.status = raw.networkError ? 0 : raw.status;
  if (raw.errorCode) record.error_code = raw.errorCode;
  if (raw.driftIssues) record.response_issues = raw.driftIssues;
  if (raw.body) record.responseText = raw.body;
  record.duration_ms = Math.round((performance.now() - log.started) * 1000) / 1000;
  log.tenant.requests.add(record, log.body.length + log.url.search.length);
  return raw;
}

// ---- input -----------------------------------------------------------------------------------------------------

const utf8 = new TextDecoder();

type Input = { ok: true; value: unknown; raw: unknown } | { ok: false; response: RawResponse; issues?: FieldIssue[] };

/** Parses and validates the body or query of an operation; a violation answers the field's documented code. */
function readInput(op: RouteOperation, url: Target, body: Uint8Array): Input {
  let value: unknown;
  if (op.body) {
    const text = utf8.decode(body);
    if (text.trim() === '')
      return { ok: false, response: rawError({ code: 'CBC.0100', message: 'The request body is required.' }) };
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, response: rawError({ code: 'CBC.0100', message: 'The request body is not valid JSON.' }) };
    }
    // Amounts as written (http/amounts.ts): JSON.parse would round 0.010000000000000000001 to 0.01.
    const precise = op.path.startsWith('/_mock/') ? undefined : findOverPreciseAmount(text);
    if (precise) {
      const field = precise.field || 'amount';
      return {
        ok: false,
        response: rawError({
          code: op.fieldErrorCodes?.[field] ?? 'CBC.0100',
          message: `Invalid parameter: ${field}: ${precise.literal} has more than 2 decimals.`,
        }),
        issues: [{ field, message: `${precise.literal} has more than 2 decimals` } as FieldIssue],
      };
    }
  } else if (op.query) {
    value = parseQuery(op, url.searchParams);
  } else {
    return { ok: true, value: undefined, raw: undefined };
  }
  const verdict = checkInput(op, value);
  // The raw value is kept for the request journal; validation returns a new object (defaults applied).
  if (verdict.ok) return { ok: true, value: verdict.data, raw: value };
  const first = verdict.issues[0]!.field.split('.')[0]!;
  const code = op.fieldErrorCodes?.[first] ?? 'CBC.0100';
  return {
    ok: false,
    response: rawError({ code, message: `Invalid parameter: ${describeIssues(verdict.issues)}` }),
    issues: verdict.issues,
  };
}

/** What the journal keeps of a request: its secrets redacted, or only its size and hash when the body is big. */
function journalPayload(body: Uint8Array, value: unknown): unknown {
  return truncatedBody(body) ?? redactSecrets(value);
}

/** The request as the journal shows it: the JSON body (or its text when not JSON), or the query parameters. */
function requestPayload(op: RouteOperation, url: Target, body: Uint8Array): unknown {
  if (op.body) {
    const text = utf8.decode(body);
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return op.query ? Object.fromEntries(url.searchParams) : undefined;
}

function notFound(method: string, path: string): RawResponse {
  return rawJson(404, {
    error_code: 'APIGW.0101',
    error_msg: `The API does not exist or has not been published in the environment: ${method} ${path}`,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Re-exported for the control surface's health answer. */
export { SPEC_REVISION };
