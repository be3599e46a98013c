/**
 * The mock's app core: tenants, commands with their journal and snapshots, the control runner with its services,
 * scenarios, faults, the request log and self-validation, composed over one time source. No HTTP here: the request
 * pipeline (http/pipeline.ts) drives it, and engine.ts puts the two together.
 */
import type { Result } from '../kernel/result.js';
import type { Partner, Settings, Site } from '../kernel/parties.js';
import type { World } from '../domain/world.js';
import { controlHandlerFor } from '../operations/control.js';
import { fail } from '../kernel/result.js';
import type { issueToken } from '../domain/tokens/index.js';
import { assertInvariants, assertUnchangedByRead, beforeRead } from './checks.js';
import {
  alwaysJournal,
  Commands,
  neverJournal,
  whenRandomDrawn,
  type Command,
  type JournalPolicy,
  type Restored,
} from './commands.js';
import type { FaultRule, FaultRuleInput } from './faults.js';
import type { ScenarioResult, ScenarioSpec } from './scenarios/builder.js';
import { checkResponse, type CheckedAnswer } from './selfcheck.js';
import { createTenant, deleteTenant, servicesFor, type AppParts } from './services.js';
import { defaultTenantSeed } from './tenant-seeds.js';
import { DEFAULT_TENANT, TenantRegistry, type LiveTenant, type Tenant } from './tenants.js';
import { createTimeSource, type TimeSource } from './time.js';

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
   * Require a token on the control surface (`/_mock/`, but its health check): this admin token reaches every
   * tenant, the `control_token` of a created tenant reaches that tenant only. Sent as `Authorization: Bearer
   * <token>` or `X-Mock-Token`.
   */
  adminToken?: string;
  /** A scenario to seed the default tenant with, when the state is fresh (not loaded from a state file). */
  scenario?: ScenarioSpec;
}

/** A response that did not match the spec. */
export interface Drift {
  tenant: string;
  operation: string;
  status: number;
  issues: string[];
}

/** A real-API call as a command runs it. */
export type ApiCall = Omit<Extract<Command, { kind: 'api' }>, 'kind' | 'tenant' | 'at'>;

/** The operations whose answers self-validation checks. */
export interface CheckedOperation {
  operationId: string;
  errorCodes?: readonly string[];
}

/** The state side of a running mock (the public `Engine` is this plus the request handler). */
export interface EngineState {
  /** The default tenant's current state (replaced on reset). */
  readonly world: World;
  /** Resets the default tenant: its seed partners only, no customers, codes or tokens; the clock back to its start. */
  reset(): void;
  /** A tenant by id (default: the default tenant). */
  tenant(id?: string): Tenant | undefined;
  /** Creates a tenant with fresh partners and credentials (and optionally seeds it). */
  createTenant(options?: { name?: string; seed?: number; scenario?: ScenarioSpec }): {
    tenant: Tenant;
    scenario?: ScenarioResult;
  };
  /** Deletes a tenant (not the default one). */
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
  readonly restored?: Restored;
  /** Every tenant by id. */
  readonly tenants: ReadonlyMap<string, Tenant>;
}

/** The app core: the engine's state side, and what the request pipeline drives. */
export interface MockCore extends EngineState {
  /** The tenant registry (lookups by credential). */
  readonly registry: TenantRegistry;
  /** What the pipeline enforces: the admin token (when the control surface requires tokens), the body limit. */
  readonly access: { readonly adminToken?: string; readonly maxBodyBytes?: number };
  /** Real time (epoch ms) as commands see it. */
  now(): number;
  /** Runs a real-API command (journaled unless it is a read that drew no random number). */
  runApi(tenant: LiveTenant, call: ApiCall, readOnly: boolean): Result<unknown>;
  /** Runs a control command; `read` for a GET (never journaled). */
  runControl(tenant: LiveTenant, operation: string, input: unknown, read: boolean): Result<unknown>;
  /** Runs an IAM sign-in (journaled when it issued a token). */
  signIn(tenant: LiveTenant, user: string, password: string, domain: string): ReturnType<typeof issueToken>;
  /** Self-validation of an answer (when `validateResponses`): the issues, recorded as drift. */
  checkAnswer(
    tenant: Tenant,
    kind: 'api' | 'control',
    op: CheckedOperation,
    site: Site | undefined,
    answer: CheckedAnswer,
  ): string[];
}

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

/** Creates the app core of one mock, restoring its state file when there is one. */
export function createCore(options: MockOptions = {}): MockCore {
  const time = createTimeSource();
  const tenants = new TenantRegistry(time, {
    count: options.requestLogLimit ?? 1_000,
    bytes: options.requestLogBytes ?? 4 * 1024 * 1024,
    totalBytes: options.requestLogTotalBytes ?? 64 * 1024 * 1024,
  });
  const commands = new Commands(tenants, time, runControlCommand, options.snapshotEvery ?? 10_000);
  const app: AppParts = { tenants, commands, time };
  const drift: Drift[] = [];

  function runControlCommand(tenant: LiveTenant, operation: string, input: unknown): Result<unknown> {
    const handler = controlHandlerFor(operation);
    if (!handler) return fail('CBC.0100', `control operation ${operation} is not implemented`);
    const reset = () => tenants.reset(tenant);
    const result = handler({ world: tenant.world, input, reset, services: servicesFor(app, tenant) });
    // Console actions move money and coupons too: the same invariants hold after them as after real-API calls.
    if (options.checkInvariants) assertInvariants(tenant.world, `control operation ${operation}`);
    return result;
  }
  const control = (tenant: string, operation: string, input: unknown, policy?: JournalPolicy) =>
    commands.run({ kind: 'control', tenant, at: time.now(), operation, input }, policy);

  const restored = startState(options, app, control);

  return {
    registry: tenants,
    access: {
      ...(options.adminToken !== undefined ? { adminToken: options.adminToken } : {}),
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    },
    tenants: tenants.all,
    now: () => time.now(),
    runApi: apiRunner(options, commands, time),
    runControl: (tenant, operation, input, read) => {
      const cmd: Command = { kind: 'control', tenant: tenant.id, at: time.now(), operation, input };
      // Ephemeral operations are not state; tenant creation and deletion journal their own commands.
      if (EPHEMERAL_CONTROL.has(operation) || SELF_JOURNALED_CONTROL.has(operation)) return commands.pinned(cmd);
      return commands.run(cmd, read ? neverJournal : alwaysJournal);
    },
    signIn: (tenant, user, password, domain) =>
      // A refused sign-in draws no token, so it is not journaled.
      commands.run(
        { kind: 'iam', tenant: tenant.id, at: time.now(), user, password, domain },
        whenRandomDrawn,
      ) as ReturnType<typeof issueToken>,
    checkAnswer: answerChecker(options, drift),
    get world() {
      return tenants.default().world;
    },
    reset: () => void control(DEFAULT_TENANT, 'Reset', undefined),
    tenant: (id = DEFAULT_TENANT) => tenants.get(id),
    createTenant: (o) => createTenant(app, o),
    deleteTenant: (id) => deleteTenant(app, id),
    applyScenario: (spec, tenantId = DEFAULT_TENANT) => {
      if (!tenants.get(tenantId)) return fail('CBC.0100', `Unknown tenant ${tenantId}.`);
      return control(tenantId, 'ApplyScenario', spec) as Result<ScenarioResult>;
    },
    addFault: (rule, tenantId = DEFAULT_TENANT) => {
      const t = tenants.get(tenantId);
      if (!t) throw new Error(`Unknown tenant ${tenantId}`);
      return t.faults.add(rule);
    },
    drift,
    snapshot: () => commands.snapshot(),
    close: () => commands.close(),
    restored,
  };
}

type ControlCommand = (tenant: string, operation: string, input: unknown, policy?: JournalPolicy) => Result<unknown>;

/**
 * Loads the state file when there is one; a fresh state gets the default tenant (and the options' scenario), a
 * replayed journal is folded into a snapshot so the next start reads one file.
 */
function startState(options: MockOptions, app: AppParts, control: ControlCommand): Restored | undefined {
  let restored: Restored | undefined;
  let fresh = true;
  if (options.stateFile) {
    restored = app.commands.restore(options.stateFile, options.fsync);
    fresh = !restored.snapshot && restored.replayed === 0;
  }
  if (fresh) {
    app.commands.run({ kind: 'tenant', tenant: DEFAULT_TENANT, at: app.time.now(), seed: defaultTenantSeed(options) });
    if (options.scenario) {
      const r = control(DEFAULT_TENANT, 'ApplyScenario', options.scenario);
      if (!r.ok) throw new Error(`scenario ${options.scenario.name ?? ''} failed: ${r.error.code} ${r.error.message}`);
    }
  } else if (restored && restored.replayed > 0) {
    app.commands.snapshot();
  }
  if (!app.tenants.get(DEFAULT_TENANT)) throw new Error('the state file has no default tenant');
  return restored;
}

/** Runs real-API commands, with the self-checks of `checkInvariants` around them. */
function apiRunner(options: MockOptions, commands: Commands, time: TimeSource): MockCore['runApi'] {
  return (tenant, call, readOnly) => {
    const guard = options.checkInvariants && readOnly ? beforeRead(tenant.world) : undefined;
    // A read is journaled only when it drew random numbers (the replay must draw them too).
    const cmd: Command = { kind: 'api', tenant: tenant.id, at: time.now(), ...call };
    const result = commands.run(cmd, readOnly ? whenRandomDrawn : alwaysJournal);
    if (options.checkInvariants) {
      assertInvariants(tenant.world, call.operation);
      if (guard) assertUnchangedByRead(guard, tenant.world, call.operation);
    }
    return result;
  };
}

/** Self-validation of answers (`validateResponses`): drift is recorded and printed. */
function answerChecker(options: MockOptions, drift: Drift[]): MockCore['checkAnswer'] {
  return (tenant, kind, op, site, answer) => {
    if (!options.validateResponses) return [];
    const issues = checkResponse(kind, site, op, answer);
    if (!issues.length) return issues;
    drift.push({ tenant: tenant.id, operation: op.operationId, status: answer.status, issues });
    console.error(
      `[partner-center-mock] SPEC DRIFT in ${op.operationId} (HTTP ${answer.status}): ${issues.join('; ')}`,
    );
    return issues;
  };
}
