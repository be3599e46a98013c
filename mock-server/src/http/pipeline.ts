/**
 * The request pipeline: route → tenant → authenticate → faults → validate → command → journal → self-check →
 * respond. It turns requests into the app core's commands (app/core.ts) and their results into answers in the real
 * service's shape; the MSW and node:http adapters are thin layers over it.
 */
import type { Customer, Partner, Site } from '../kernel/parties.js';
import type { FaultRule } from '../app/faults.js';
import type { CheckedOperation, MockCore } from '../app/core.js';
import { isReadName } from '../app/checks.js';
import type { RequestRecord } from '../app/request-log.js';
import type { LiveTenant, Tenant } from '../app/tenants.js';
import type { RouteOperation } from '../operations/catalog.js';
import { apiHandlerFor } from '../operations/api.js';
import { authenticate } from './auth.js';
import { answerIamTokens, IAM_TOKENS_PATH } from './iam.js';
import { reachesControlByDots } from './access.js';
import { controlAccess } from './control-access.js';
import { journalPayload, readInput, requestPayload } from './input.js';
import { bodyTooLarge, DEFAULT_MAX_BODY_BYTES } from './limits.js';
import { rawError, rawJson, statusOf, toFetchResponse, type RawResponse } from './respond.js';
import { sparse } from '../operations/sparse.js';
import { findRoute, type ApiRoute } from './router.js';
import { requestTarget, type Target } from './target.js';

/** Header naming the tenant of a control request. */
export const TENANT_HEADER = 'x-mock-tenant';

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

/** What the adapters call: a request in, an answer out. */
export interface RequestHandler {
  /** Answers one request as the real service (or the control surface) would. */
  handle(request: Request): Promise<Response>;
  /** The same, on plain values. */
  handleRaw(request: RawRequest): Promise<RawResponse>;
  /**
   * handleRaw without the promise (what the node:http adapter uses): the answer itself, or a promise of it when an
   * injected latency delays it. Throws (rather than rejects) on a mock bug.
   */
  serve(request: RawRequest): RawResponse | Promise<RawResponse>;
}

/** An operation as the pipeline answers it. */
type Operation = RouteOperation & CheckedOperation;

/** A real-API request on its way through the pipeline, with the request journal's record of it. */
interface ApiCall {
  tenant: LiveTenant;
  record: RequestRecord;
  op: Operation;
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

/** The request pipeline over an app core. */
export function createPipeline(core: MockCore): RequestHandler {
  const maxBody = core.access.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const serve = (req: RawRequest): RawResponse | Promise<RawResponse> => {
    if (req.body.length > maxBody) return bodyTooLarge(req.body.length, maxBody);
    const url = requestTarget(req.url);
    const method = req.method.toUpperCase();
    if (method === 'POST' && url.pathname === IAM_TOKENS_PATH) {
      return answerIamTokens(req.body, (c) => {
        const tenant = core.registry.byIamUser(c.user, c.domain) ?? core.registry.default();
        return core.signIn(tenant, c.user, c.password, c.domain);
      });
    }
    const route = findRoute(method, url.pathname);
    if (!route) return notFound(method, url.pathname);
    if (route.kind === 'api') return routeApi(core, route, url, method, req);
    // `/v2/../_mock/…` is normalised into the control surface; only a path written under /_mock/ reaches it.
    return reachesControlByDots(req.url, url.pathname)
      ? notFound(method, url.pathname)
      : answerControl(core, route.op, url, req);
  };
  return {
    handle: async (request) => {
      const body = new Uint8Array(await request.arrayBuffer());
      return toFetchResponse(await serve({ method: request.method, url: request.url, headers: request.headers, body }));
    },
    handleRaw: async (request) => serve(request),
    serve,
  };
}

/** The answer, or MOCK.SPEC_DRIFT when self-validation finds it departs from the spec. */
function selfCheck(
  core: MockCore,
  tenant: Tenant,
  kind: 'api' | 'control',
  op: Operation,
  site: Site | undefined,
  raw: RawResponse,
): RawResponse {
  const issues = core.checkAnswer(tenant, kind, op, site, raw);
  return issues.length ? driftAnswer(op, issues) : raw;
}

/** A real-API request: the tenant owning the credentials, authentication, the site's operation, faults. */
function routeApi(
  core: MockCore,
  route: ApiRoute,
  url: Target,
  method: string,
  req: RawRequest,
): RawResponse | Promise<RawResponse> {
  const tenants = core.registry;
  const token = req.headers.get('x-auth-token');
  const ak = token ? undefined : /Access=([^,\s]+)/.exec(req.headers.get('authorization') ?? '')?.[1];
  const found = token ? tenants.byToken(token) : ak ? tenants.byAccessKey(ak) : undefined;
  const tenant = found ?? tenants.default();
  const auth = authenticate(tenant.world, { method, url, headers: req.headers }, req.body);
  if (!auth.ok) return rawError(auth.error);
  const partner = tenant.world.partners.get(auth.value.partner.id);
  if (!partner) return rawError({ code: 'CBC.0154', message: 'The caller no longer exists (the tenant was reset).' });
  const op = route[partner.site] as Operation | undefined;
  // An operation of the other site only: the gateway of this site does not publish it.
  if (!op) return notFound(method, url.pathname);
  const call = routedCall(tenant, op, url, req.body, method, partner, auth.value.customer);
  // Faults decided before anything runs, deterministically per tenant.
  const fault = tenant.faults.decide(op.operationId);
  call.action = fault.action;
  return fault.latencyMs > 0 ? sleep(fault.latencyMs).then(() => answerApi(core, call)) : answerApi(core, call);
}

/** A real-API request once authenticated, routed and past any injected latency: faults, input, command, answer. */
function answerApi(core: MockCore, call: ApiCall): RawResponse {
  const { tenant, record, op, url, method, partner, customer, action } = call;
  const injected = action ? injectedBefore(action) : undefined;
  if (injected) return logged(call, injected, action!.action);

  const input = readInput(op, url, call.body);
  if (!input.ok) {
    if (input.issues) record.request_issues = input.issues;
    return logged(call, selfCheck(core, tenant, 'api', op, partner.site, input.response));
  }
  record.request = journalPayload(call.body, input.raw);
  if (!apiHandlerFor(op.operationId)) {
    const missing = rawError({ code: 'CBC.0999', message: `${op.operationId} is not implemented by the mock.` });
    return logged(call, selfCheck(core, tenant, 'api', op, partner.site, missing));
  }
  // The world may have been replaced (reset) while authenticating: the command finds the caller again by id.
  const readOnly = method === 'GET' || isReadName(op.operationId);
  const command = {
    operation: op.operationId,
    site: partner.site,
    partner: partner.id,
    ...(customer ? { customer: customer.id } : {}),
    input: input.value,
  };
  const result = core.runApi(tenant, command, readOnly);
  const raw = result.ok
    ? rawJson(op.successStatus, tenant.world.settings.sparseResponses ? sparse(result.value, op.sparse) : result.value)
    : rawError(result.error);
  const answer = selfCheck(core, tenant, 'api', op, partner.site, raw);
  if (action?.action === 'fail_after_commit') return logged(call, failedAfterCommit(action), 'fail_after_commit');
  return logged(call, answer);
}

/** A control request: the tenant of the `X-Mock-Tenant` header, input, command, answer. */
function answerControl(core: MockCore, op: Operation, url: Target, req: RawRequest): RawResponse {
  const access = controlAccess(core, op.operationId, url, req);
  if ('refused' in access) return rawError(access.refused, access.refused.status);
  const tenantId = access.tenantId;
  const tenant = core.registry.get(tenantId);
  if (!tenant) return rawError({ code: 'CBC.0100', message: `Unknown tenant ${tenantId} (header X-Mock-Tenant).` });
  // CreateTenant takes an empty body as {}.
  const body = op.operationId === 'CreateTenant' && req.body.length === 0 ? new TextEncoder().encode('{}') : req.body;
  const input = readInput(op, url, body);
  if (!input.ok) return selfCheck(core, tenant, 'control', op, undefined, input.response);
  const result = core.runControl(tenant, op.operationId, input.value, op.method === 'GET');
  // The control surface is ours: its refusals are 4xx even for the codes the real API answers with HTTP 200.
  const raw = result.ok
    ? rawJson(op.successStatus, result.value)
    : rawError(result.error, Math.max(400, statusOf(result.error.code)));
  return selfCheck(core, tenant, 'control', op, undefined, raw);
}

/** A routed real-API request with the request journal's record of it started. */
function routedCall(
  tenant: LiveTenant,
  op: Operation,
  url: Target,
  body: Uint8Array,
  method: string,
  partner: Partner,
  customer: Customer | undefined,
): ApiCall {
  const started = performance.now();
  const record: RequestRecord = {
    atMs: tenant.world.clock.now(),
    operation: op.operationId,
    method,
    path: url.pathname,
    partner_id: partner.id,
    ...(customer ? { customer_id: customer.id } : {}),
    request: undefined,
    status: 0,
    duration_ms: 0,
  };
  return { tenant, record, op, url, body, started, method, partner, customer, action: undefined };
}

/** The answer of a fault that fires before the operation runs (undefined for fail_after_commit and latency). */
function injectedBefore(action: FaultRule): RawResponse | undefined {
  switch (action.action) {
    case 'reset':
      return { status: 0, headers: {}, networkError: true };
    case 'error':
      return rawError(
        { code: action.error_code ?? 'CBC.0999', message: `Injected fault ${action.fault_id}.` },
        action.status ?? 500,
      );
    case 'rate_limit':
      return rawError(
        { code: action.error_code ?? 'CBC.0250', message: `Injected fault ${action.fault_id}: flow control.` },
        429,
        { 'Retry-After': String(action.retry_after ?? 1) },
      );
    default:
      return undefined;
  }
}

/** The failed answer of a fail_after_commit fault (the change was applied). */
function failedAfterCommit(action: FaultRule): RawResponse {
  return rawError(
    {
      code: action.error_code ?? 'CBC.0999',
      message: `Injected fault ${action.fault_id}: the change was applied, the answer failed.`,
    },
    action.status ?? 500,
  );
}

/** The loud 500 that replaces an answer departing from the spec. */
function driftAnswer(op: Operation, issues: string[]): RawResponse {
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
}

/** Completes the journal record of a real-API request with its answer (and the fault that fired) and keeps it. */
function logged(call: ApiCall, raw: RawResponse, fault?: string): RawResponse {
  const record = call.record;
  if (fault) record.fault = fault;
  if (record.request === undefined)
    record.request = journalPayload(call.body, requestPayload(call.op, call.url, call.body));
  record.status = raw.networkError ? 0 : raw.status;
  if (raw.errorCode) record.error_code = raw.errorCode;
  if (raw.driftIssues) record.response_issues = raw.driftIssues;
  if (raw.body) record.responseText = raw.body;
  record.duration_ms = Math.round((performance.now() - call.started) * 1000) / 1000;
  call.tenant.requests.add(record, call.body.length + call.url.search.length);
  return raw;
}

function notFound(method: string, path: string): RawResponse {
  return rawJson(404, {
    error_code: 'APIGW.0101',
    error_msg: `The API does not exist or has not been published in the environment: ${method} ${path}`,
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
