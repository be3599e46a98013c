/**
 * @partner-center/mock: a stateful mock of the Huawei Cloud Partner Center API, in-process through MSW or as a
 * standalone HTTP server, with a control surface for tests: tenants, scenarios, faults, a request journal, a
 * crash-safe state file and self-validation against the spec.
 * @packageDocumentation
 */
import type { HttpHandler } from 'msw';
import { createMswHandlers, defaultMockOrigins } from './adapters/msw.js';
import { startNodeServer, type RunningServer } from './adapters/node-http.js';
import { createControlClient, type MockControlClient } from './adapters/control-client.js';
import { IN_PROCESS, type InProcess } from '@partner-center/sdk/internal';
import { createEngine, TENANT_HEADER, type Engine, type HeaderLookup, type MockOptions } from './engine.js';
import { toDirectResponse } from './http/respond.js';

export { createEngine, DEFAULT_TENANT, TENANT_HEADER } from './engine.js';
export type {
  Engine,
  MockOptions,
  RawRequest,
  RawResponse,
  HeaderLookup,
  RequestHandler,
  Tenant,
  TenantSeed,
  Drift,
} from './engine.js';
export { createMswHandlers, defaultMockOrigins } from './adapters/msw.js';
export { startNodeServer } from './adapters/node-http.js';
export type { RunningServer } from './adapters/node-http.js';
export { createControlClient, MockControlError } from './adapters/control-client.js';
export type { MockControlClient, ControlTarget } from './adapters/control-client.js';
export { defaultSettings } from './kernel/parties.js';
export { demoPartners } from './domain/world.js';
export type { Partner, PartnerRole, Settings } from './kernel/parties.js';
export type { World } from './domain/world.js';
export { scenario, ScenarioBuilder, namedScenarios } from './app/scenarios/builder.js';
export type {
  ScenarioSpec,
  ScenarioStep,
  ScenarioResult,
  ScenarioItem,
  PartnerRef,
  PartnersStep,
  CustomersStep,
  CallStep,
  ControlStep,
  CustomersOptions,
} from './app/scenarios/builder.js';
export type { FaultRule, FaultRuleInput, FaultAction } from './app/faults.js';
export { REVISION_HEADER } from './http/respond.js';
export {
  runParity,
  compareRecordings,
  parseRecording,
  summarize,
  formatText,
  formatMarkdown,
  describeDifference,
  compareAnswers,
  RecordingError,
  DIFFERENCE_KINDS,
  REPLAY_PASSWORD,
} from './app/parity/index.js';
export type {
  ParityOptions,
  ParityResult,
  ParityTarget,
  ParitySummary,
  OperationSummary,
  ExchangeResult,
  Difference,
  DifferenceKind,
  KnownDifference,
  Recording,
} from './app/parity/index.js';

/** An in-process mock: its engine, MSW handlers for its origins, and a control client wired to it. */
export interface Mock {
  engine: Engine;
  /** Pass to `setupServer(...mock.handlers)` (msw 2 or 3, whichever the project installed: msw is a peer). */
  handlers: HttpHandler[];
  /**
   * A fetch served straight by the engine, with no MSW interception: pass it as the SDK's `fetch` option for fast
   * in-process suites. Every request goes to the engine whatever its origin. Its answers are Responses whose text is
   * read without a body stream (the stream is built only if `body` or a binary read asks for it).
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Control surface of the default tenant, called straight into the engine. */
  control: MockControlClient;
  /** The control surface of another tenant. */
  controlFor(tenantId: string): MockControlClient;
  /** Serves this same engine over HTTP too. */
  listen(options?: { host?: string; port?: number }): Promise<RunningServer>;
}

const utf8 = new TextEncoder();
const NO_BODY = new Uint8Array(0);

/** A plain record of headers (lower-case names, as the SDK's transport holds them) read as the engine reads headers. */
class RecordHeaders implements HeaderLookup {
  constructor(private readonly h: Record<string, string>) {}
  get(name: string): string | null {
    return Object.hasOwn(this.h, name) ? this.h[name]! : null;
  }
  has(name: string): boolean {
    return Object.hasOwn(this.h, name);
  }
}

/**
 * `mock.fetch`: a fetch served straight by the engine. To the SDK it also offers its in-process entry
 * (`IN_PROCESS` of `@partner-center/sdk/internal`), through which the SDK hands over the request as plain values: no
 * Request is built, no body stream read back.
 */
function directFetch(engine: Engine): Mock['fetch'] {
  const fetch: Mock['fetch'] = async (input, init) => {
    const request = input instanceof Request && !init ? input : new Request(input, init);
    const body = new Uint8Array(await request.arrayBuffer());
    return toDirectResponse(
      await engine.handleRaw({ method: request.method, url: request.url, headers: request.headers, body }),
    );
  };
  const inProcess: InProcess = async (method, url, headers, body) =>
    toDirectResponse(
      await engine.handleRaw({
        method,
        url,
        headers: new RecordHeaders(headers),
        body: typeof body === 'string' ? utf8.encode(body) : (body ?? NO_BODY),
      }),
    );
  return Object.assign(fetch, { [IN_PROCESS]: inProcess });
}

/** Creates an isolated mock. `origins` are the base URLs its MSW handler answers for (default: the real hosts). */
export function createMock(options: MockOptions & { origins?: string[] } = {}): Mock {
  const engine = createEngine(options);
  return {
    engine,
    handlers: createMswHandlers(engine, options.origins ?? defaultMockOrigins),
    fetch: directFetch(engine),
    control: createControlClient({ engine }),
    // The tenant's own control token goes along, so the client works when the engine requires tokens.
    controlFor: (tenantId) => {
      const token = engine.tenant(tenantId)?.controlToken;
      return createControlClient({
        engine,
        headers: { [TENANT_HEADER]: tenantId, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      });
    },
    listen: (o) => startNodeServer(engine, o),
  };
}
