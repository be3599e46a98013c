/**
 * Self-validation: the mock checks its own answers against the spec. A success body must match the operation's
 * strict response schema (no undeclared field), an empty success must be empty, and an error must be the documented
 * envelope with a code the operation lists in `x-error-codes`. Any mismatch is drift between the mock and the spec.
 */
import { checkValue } from '@partner-center/sdk/internal';
import type { Site } from '../kernel/parties.js';
import * as cn from '../generated/cn/responses.js';
import * as intl from '../generated/intl/responses.js';
import * as control from '../generated/control/responses.js';

type Validator = Parameters<typeof checkValue>[0];

/** What self-validation reads of an answer (http/respond.ts's RawResponse has these). */
export interface CheckedAnswer {
  status: number;
  /** JSON text. */
  body?: string;
  /** An injected connection reset: nothing to check. */
  networkError?: boolean;
  /** The error code of an error answer (set whatever the status: some codes are documented with HTTP 200). */
  errorCode?: string;
}
interface ResponseTable {
  responses: Record<string, { status: number; schema: Validator | undefined }>;
  errorResponse: Validator | undefined;
}

const tables: Record<Site | 'control', ResponseTable> = {
  cn: cn as unknown as ResponseTable,
  intl: intl as unknown as ResponseTable,
  control: control as unknown as ResponseTable,
};

/** Codes answered before an operation's own rules run (authentication, the gateway): valid for every operation. */
const GATEWAY_CODES = new Set(['CBC.0154']);

/** The ways an answer departs from the spec (empty when it matches). */
export function checkResponse(
  kind: 'api' | 'control',
  site: Site | undefined,
  op: { operationId: string; errorCodes?: readonly string[] },
  raw: CheckedAnswer,
): string[] {
  if (raw.networkError) return [];
  const table = tables[kind === 'control' ? 'control' : site!];
  const spec = table.responses[op.operationId];
  if (!spec) return [`${op.operationId} is not in the ${kind === 'control' ? 'control' : site} spec`];
  let body: unknown;
  if (raw.body !== undefined) {
    try {
      body = JSON.parse(raw.body);
    } catch {
      return ['the body is not JSON'];
    }
  }
  const issues: string[] = [];
  // A body with a top-level error_code is an error whatever the status (some codes are documented with HTTP 200).
  if (raw.status < 400 && raw.errorCode === undefined) {
    if (raw.status !== spec.status) issues.push(`success status ${raw.status}, the spec says ${spec.status}`);
    if (spec.schema) {
      const verdict = checkValue(spec.schema, body);
      if (!verdict.ok) issues.push(...verdict.issues.map((i) => `response ${i.message}`));
    } else if (body !== undefined) {
      issues.push('a body where the spec declares none');
    }
    return issues;
  }
  if (table.errorResponse) {
    const verdict = checkValue(table.errorResponse, body);
    if (!verdict.ok) issues.push(...verdict.issues.map((i) => `error ${i.message}`));
  }
  const code = (body as { error_code?: unknown } | undefined)?.error_code;
  if (
    kind === 'api' &&
    typeof code === 'string' &&
    op.errorCodes &&
    !op.errorCodes.includes(code) &&
    !GATEWAY_CODES.has(code)
  ) {
    issues.push(`error_code ${code} is not in the x-error-codes of ${op.operationId}`);
  }
  return issues;
}
