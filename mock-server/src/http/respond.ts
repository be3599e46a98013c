/** Building responses in the real service's shape: JSON with `X-Request-Id`, errors as `{error_code, error_msg}`. */
import { errorCatalog, SPEC_REVISION } from '@partner-center/sdk';
import type { DomainError } from '../domain/errors.js';

/** Header carrying the revision of the spec the mock was generated from. */
export const REVISION_HEADER = 'X-Mock-Spec-Revision';

let counter = 0;
function requestId(): string {
  counter = (counter + 1) % 0x1000000;
  return `${Date.now().toString(16)}${counter.toString(16).padStart(6, '0')}`.padStart(32, '0');
}

function baseHeaders(extra?: Record<string, string>): Headers {
  const h = new Headers({ 'X-Request-Id': requestId(), [REVISION_HEADER]: SPEC_REVISION });
  for (const [k, v] of Object.entries(extra ?? {})) h.set(k, v);
  return h;
}

/** A JSON answer, or an empty one for 204. */
export function json(status: number, body: unknown, extra?: Record<string, string>): Response {
  const headers = baseHeaders(extra);
  if (status === 204 || body === undefined) return new Response(null, { status, headers });
  headers.set('Content-Type', 'application/json;charset=UTF-8');
  return new Response(JSON.stringify(body), { status, headers });
}

/** HTTP status of a documented error code (catalog from the spec); undocumented codes are 400. */
export function statusOf(code: string): number {
  return (errorCatalog as Record<string, { status: number }>)[code]?.status ?? 400;
}

/** An error answer in the service's envelope. */
export function error(err: DomainError, status = statusOf(err.code)): Response {
  return json(status, { error_code: err.code, error_msg: err.message });
}
