/**
 * The engine: a Fetch `Request` in, a `Response` out. Route → authenticate → validate (the SDK's generated
 * validators) → domain command → respond. The MSW handler and the node:http server are thin adapters over it.
 */
import { checkValue, describeIssues } from '@partner-center/sdk';
import { createClock, type Clock } from './domain/clock.js';
import { createWorld, demoPartners, type Partner, type Settings, type World } from './domain/state.js';
import { checkInvariants } from './domain/invariants.js';
import { issueToken } from './domain/tokens.js';
import { authenticate } from './http/auth.js';
import { controlHandlers } from './http/control.js';
import { apiHandlers } from './http/handlers.js';
import { error, json } from './http/respond.js';
import { findRoute, parseQuery, type RouteOperation } from './http/router.js';

/** Options of a mock instance. */
export interface MockOptions {
  /** Partners to seed instead of the demo ones. */
  partners?: Partner[];
  /** Behaviour where the reference leaves a value open (caps, delays, skew…). */
  settings?: Partial<Settings>;
  /** Start the virtual clock at this instant (epoch ms) instead of now. */
  clockStart?: number;
  /** Start with the clock frozen. */
  clockFrozen?: boolean;
  /** Check every state invariant after each real-API call and fail loudly on a violation (tests turn it on). */
  checkInvariants?: boolean;
}

/** A running mock: its request handler and its state. */
export interface Engine {
  /** Answers one request as the real service (or the control surface) would. */
  handle(request: Request): Promise<Response>;
  /** The current state (replaced on reset). */
  readonly world: World;
  /** Back to the seed: partners only, no customers, codes or tokens; the clock back to real time. */
  reset(): void;
}

const IAM_TOKENS_PATH = '/v3/auth/tokens';

/** Creates an engine with its own, isolated state. */
export function createEngine(options: MockOptions = {}): Engine {
  const partners = () => (options.partners ?? demoPartners()).map((p) => ({ ...p }));
  const newClock = (): Clock => createClock({ start: options.clockStart, frozen: options.clockFrozen });
  let world = createWorld(partners(), options.settings, newClock());
  const reset = () => {
    world = createWorld(partners(), options.settings, newClock());
  };

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const body = new Uint8Array(await request.arrayBuffer());

    if (request.method === 'POST' && url.pathname === IAM_TOKENS_PATH) return iamTokens(world, body);

    const route = findRoute(request.method, url.pathname);
    if (!route) return notFound(request.method, url.pathname);

    if (route.kind === 'control') {
      const input = readInput(route.op, url, body);
      if (!input.ok) return input.response;
      const result = controlHandlers[route.op.operationId]!({ world, input: input.value, reset });
      return result.ok ? json(route.op.successStatus, result.value) : error(result.error);
    }

    const auth = await authenticate(world, request, body);
    if (!auth.ok) return error(auth.error);
    const { partner, customer } = auth.value;
    const op = route[partner.site];
    // An operation of the other site only: the gateway of this site does not publish it.
    if (!op) return notFound(request.method, url.pathname);

    const input = readInput(op, url, body);
    if (!input.ok) return input.response;
    const handler = apiHandlers[op.operationId];
    if (!handler) return error({ code: 'CBC.0999', message: `${op.operationId} is not implemented by the mock.` });
    const result = handler({ world, partner, ...(customer ? { customer } : {}), input: input.value });
    if (options.checkInvariants) {
      const violations = checkInvariants(world);
      if (violations.length) throw new Error(`mock invariant violated after ${op.operationId}: ${violations.join('; ')}`);
    }
    return result.ok ? json(op.successStatus, result.value) : error(result.error);
  }

  return {
    handle,
    get world() {
      return world;
    },
    reset,
  };
}

type Input = { ok: true; value: unknown } | { ok: false; response: Response };

/** Parses and validates the body or query of an operation; a violation answers the field's documented code. */
function readInput(op: RouteOperation, url: URL, body: Uint8Array): Input {
  let value: unknown;
  if (op.body) {
    const text = new TextDecoder().decode(body);
    if (text.trim() === '') return { ok: false, response: error({ code: 'CBC.0100', message: 'The request body is required.' }) };
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, response: error({ code: 'CBC.0100', message: 'The request body is not valid JSON.' }) };
    }
  } else if (op.query) {
    value = parseQuery(op, url.searchParams);
  } else {
    return { ok: true, value: undefined };
  }
  const verdict = checkValue(op.body ?? op.query!, value);
  if (verdict.ok) return { ok: true, value: verdict.data };
  const first = verdict.issues[0]!.field.split('.')[0]!;
  const code = op.fieldErrorCodes?.[first] ?? 'CBC.0100';
  return { ok: false, response: error({ code, message: `Invalid parameter: ${describeIssues(verdict.issues)}` }) };
}

function notFound(method: string, path: string): Response {
  return json(404, { error_code: 'APIGW.0101', error_msg: `The API does not exist or has not been published in the environment: ${method} ${path}` });
}

/** IAM `POST /v3/auth/tokens`, password method: the token comes back in `X-Subject-Token`. */
function iamTokens(world: World, body: Uint8Array): Response {
  let req: any;
  try {
    req = JSON.parse(new TextDecoder().decode(body));
  } catch {
    req = undefined;
  }
  const user = req?.auth?.identity?.password?.user;
  if (!Array.isArray(req?.auth?.identity?.methods) || !req.auth.identity.methods.includes('password') || typeof user?.name !== 'string' || typeof user?.password !== 'string' || typeof user?.domain?.name !== 'string') {
    return json(400, { error: { code: 400, message: 'The request body must use the password method with user name, password and domain name.', title: 'Bad Request' } });
  }
  const issued = issueToken(world, user.name, user.password, user.domain.name);
  if (!issued.ok) return json(401, { error: { code: 401, message: issued.error.message, title: 'Unauthorized' } });
  const { token, partner, expiresAt, issuedAt } = issued.value;
  return json(
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
