/** One route table for the real API (both sites) and the control surface: `METHOD path` → operation. */
import { operationTables } from '@partner-center/sdk';
import * as z from 'zod/mini';
import { operations as controlOperations } from '../generated/control/operations.js';
import { routes as cnRoutes } from '../generated/cn/routes.js';
import { routes as intlRoutes } from '../generated/intl/routes.js';

type Validator = Parameters<typeof import('@partner-center/sdk').checkValue>[0];

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

/**
 * Each site's operations: the SDK's table (method, path, validators) merged with the mock's route facts, its
 * validator filling the documented defaults of absent fields first, as the real service does (the SDK's validators
 * only check: `default` is an annotation in JSON Schema).
 */
export const apiOperations = {
  cn: merge(operationTables.cn, cnRoutes),
  intl: merge(operationTables.intl, intlRoutes),
};
function merge(sdk: Record<string, object>, facts: Record<string, { defaults: Record<string, unknown> }>): Record<string, RouteOperation> {
  const out: Record<string, RouteOperation> = {};
  for (const [operationId, op] of Object.entries(sdk) as [string, Partial<RouteOperation>][]) {
    const { defaults, ...rest } = facts[operationId]!;
    out[operationId] = {
      ...(op as RouteOperation),
      ...rest,
      operationId,
      body: filling(op.body, defaults),
      query: filling(op.query, defaults),
    } as RouteOperation;
  }
  return out;
}

function filling(validator: Validator | undefined, defaults: Record<string, unknown>): Validator | undefined {
  const entries = Object.entries(defaults);
  if (!validator || entries.length === 0) return validator;
  const fill = (value: unknown) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const out: Record<string, unknown> = { ...value };
    for (const [key, d] of entries) if (out[key] === undefined) out[key] = d;
    return out;
  };
  return z.pipe(z.transform(fill), validator as z.ZodMiniType) as Validator;
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
for (const op of Object.values(controlOperations) as RouteOperation[]) table.set(`${op.method} ${op.path}`, { kind: 'control', op });

/** Finds the route of a request; paths carry no parameters in this API, so an exact lookup suffices. */
export function findRoute(method: string, pathname: string): ApiRoute | ControlRoute | undefined {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return table.get(`${method.toUpperCase()} ${path}`);
}

/** Every real-API operationId of each site, for coverage checks. */
export function apiOperationIds(): string[] {
  return [...new Set([...Object.keys(operationTables.cn), ...Object.keys(operationTables.intl)])].sort();
}

/** Query-string values converted to the spec's types, so the validator sees what the spec describes. */
export function parseQuery(op: RouteOperation, params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { name, kind } of op.queryParams) {
    const values = params.getAll(name);
    if (values.length === 0) continue;
    const one = values[0]!;
    if (kind === 'array') out[name] = values;
    else if ((kind === 'integer' || kind === 'number') && one.trim() !== '' && !Number.isNaN(Number(one))) out[name] = Number(one);
    else if (kind === 'boolean' && (one === 'true' || one === 'false')) out[name] = one === 'true';
    else out[name] = one;
  }
  return out;
}
