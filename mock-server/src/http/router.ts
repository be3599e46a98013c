/** One route table for the real API (both sites) and the control surface: `METHOD path` → operation. */
import { apiOperations, controlOperations, type RouteOperation } from '../operations/catalog.js';

/** A real-API route: the operation as each site defines it (absent on a site that lacks it). */
export interface ApiRoute {
  kind: 'api';
  cn?: RouteOperation;
  intl?: RouteOperation;
}
/** A control-surface route. */
export interface ControlRoute {
  kind: 'control';
  op: RouteOperation;
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
for (const op of Object.values(controlOperations)) table.set(`${op.method} ${op.path}`, { kind: 'control', op });

/** Finds the route of a request; paths carry no parameters in this API, so an exact lookup suffices. */
export function findRoute(method: string, pathname: string): ApiRoute | ControlRoute | undefined {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return table.get(`${method.toUpperCase()} ${path}`);
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
