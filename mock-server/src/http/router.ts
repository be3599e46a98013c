/** One route table for the real API (both sites) and the control surface: `METHOD path` → operation. */
import { checkValue, operationTables, type CheckResult } from '@partner-center/sdk/internal';
import { operations as controlOperations } from '../generated/control/operations.js';
import { routes as cnRoutes } from '../generated/cn/routes.js';
import { routes as intlRoutes } from '../generated/intl/routes.js';

type Validator = Parameters<typeof checkValue>[0];

/** What the engine needs of an operation (the generated tables provide it). */
export interface RouteOperation {
  operationId: string;
  method: string;
  path: string;
  successStatus: number;
  body: Validator | undefined;
  query: Validator | undefined;
  queryParams: readonly { name: string; kind: string }[];
  fieldErrorCodes?: Readonly<Record<string, string>>;
  /** The codes the spec documents for this operation (`x-error-codes`; real API only). */
  errorCodes?: readonly string[];
  /** Whether the spec marks the operation distributor-only (`x-distributor-only`; real API only). */
  distributorOnly?: boolean;
  /** The documented defaults of absent top-level request fields (real API only; see {@link withDefaults}). */
  defaults?: Readonly<Record<string, unknown>>;
}

/** A real-API route: the operation as each site defines it (absent on a site that lacks it). */
export interface ApiRoute {
  kind: 'api';
  cn?: RouteOperation;
  intl?: RouteOperation;
}
export interface ControlRoute {
  kind: 'control';
  op: RouteOperation;
}

/** Each site's operations: the SDK's table (method, path, validators) merged with the mock's route facts. */
export const apiOperations = {
  cn: merge(operationTables.cn, cnRoutes),
  intl: merge(operationTables.intl, intlRoutes),
};
function merge(sdk: Record<string, object>, facts: Record<string, object>): Record<string, RouteOperation> {
  const out: Record<string, RouteOperation> = {};
  for (const [operationId, op] of Object.entries(sdk)) {
    out[operationId] = {
      body: undefined,
      query: undefined,
      ...op,
      ...facts[operationId],
      operationId,
    } as RouteOperation;
  }
  return out;
}

/**
 * The request value with the documented defaults of its absent top-level fields filled in, as the real service
 * does; validate this. The SDK's validators only check (`default` is an annotation in JSON Schema), and filling here
 * rather than in a zod pipe costs a copy instead of a transform per request.
 */
export function withDefaults(op: RouteOperation, value: unknown): unknown {
  const defaults = op.defaults;
  if (!defaults || !value || typeof value !== 'object' || Array.isArray(value)) return value;
  let out: Record<string, unknown> | undefined;
  for (const key in defaults) {
    if ((value as Record<string, unknown>)[key] === undefined) {
      out ??= { ...value };
      out[key] = defaults[key];
    }
  }
  return out ?? value;
}

const table = new Map<string, ApiRoute | ControlRoute>();
for (const site of ['cn', 'intl'] as const) {
  for (const op of Object.values(apiOperations[site])) {
    const key = `${op.method} ${op.path}`;
    const route = (table.get(key) as ApiRoute | undefined) ?? { kind: 'api' };
    route[site] = op;
    table.set(key, route);
  }
}
for (const op of Object.values(controlOperations) as RouteOperation[])
  table.set(`${op.method} ${op.path}`, { kind: 'control', op });

/** Finds the route of a request; paths carry no parameters in this API, so an exact lookup suffices. */
export function findRoute(method: string, pathname: string): ApiRoute | ControlRoute | undefined {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return table.get(`${method.toUpperCase()} ${path}`);
}

/** Every real-API operationId of each site, for coverage checks. */
export function apiOperationIds(): string[] {
  return [...new Set([...Object.keys(operationTables.cn), ...Object.keys(operationTables.intl)])].sort();
}

/** Checks a request's input (body or query) against its operation's validator, the documented defaults filled first. */
export function checkInput(op: RouteOperation, value: unknown): CheckResult<unknown> {
  const validator = op.body ?? op.query;
  return validator ? checkValue(validator, withDefaults(op, value)) : { ok: true, data: value };
}

/** Query-string values converted to the spec's types, so the validator sees what the spec describes. */
export function parseQuery(op: RouteOperation, params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, kind } of op.queryParams) {
    const values = params.getAll(name);
    if (values.length === 0) continue;
    const one = values[0]!;
    if (kind === 'array') out[name] = values;
    else if ((kind === 'integer' || kind === 'number') && one.trim() !== '' && !Number.isNaN(Number(one)))
      out[name] = Number(one);
    else if (kind === 'boolean' && (one === 'true' || one === 'false')) out[name] = one === 'true';
    else out[name] = one;
  }
  return out;
}
