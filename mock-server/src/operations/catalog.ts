/**
 * The operation catalog: every operation the mock answers (both sites' real API and the control surface), each the
 * SDK's generated table entry (method, path, validators) merged with the mock's generated route facts (success
 * status, documented defaults and error codes), plus input checking. No HTTP here: http/router.ts builds its
 * `METHOD path` lookup from this catalog.
 */
import type { CnOperations, IntlOperations } from '@partner-center/sdk';
import { checkValue, operationTables, type CheckResult } from '@partner-center/sdk/internal';
import { operations as generatedControl } from '../generated/control/operations.js';
import type { operations as ControlOperations } from '../generated/control/schema.js';
import { routes as cnRoutes } from '../generated/cn/routes.js';
import { routes as intlRoutes } from '../generated/intl/routes.js';
import type { SparsePlan } from './sparse.js';

type Validator = Parameters<typeof checkValue>[0];

/** What the mock needs of an operation (the generated tables provide it). */
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
  /** Where the success answer has optional fields, for sparse answers (real API only; see ./sparse.ts). */
  sparse?: SparsePlan;
}

/** Every real-API operationId (either site). */
export type ApiOperationId = keyof CnOperations | keyof IntlOperations;
/** Every control operationId (spec/mock-control.yaml, console routes included). */
export type ControlOperationId = keyof ControlOperations;

/** Each site's operations: the SDK's table (method, path, validators) merged with the mock's route facts. */
export const apiOperations = {
  cn: merge(operationTables.cn, cnRoutes),
  intl: merge(operationTables.intl, intlRoutes),
};
/** The control surface's operations. */
export const controlOperations: Readonly<Record<string, RouteOperation>> = generatedControl;

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

/** Every real-API operationId of each site, for coverage checks. */
export function apiOperationIds(): string[] {
  return [...new Set([...Object.keys(operationTables.cn), ...Object.keys(operationTables.intl)])].sort();
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

/** Checks a request's input (body or query) against its operation's validator, the documented defaults filled first. */
export function checkInput(op: RouteOperation, value: unknown): CheckResult<unknown> {
  const validator = op.body ?? op.query;
  return validator ? checkValue(validator, withDefaults(op, value)) : { ok: true, data: value };
}
