/** A request's input: the JSON body or the typed query, validated (defaults filled) with the operation's validator. */
import type { FieldIssue } from '@partner-center/sdk';
import { describeIssues } from '@partner-center/sdk/internal';
import { redactSecrets, truncatedBody } from '../app/journal-payload.js';
import { checkInput, type RouteOperation } from '../operations/catalog.js';
import { findOverPreciseAmount } from './amounts.js';
import { rawError, type RawResponse } from './respond.js';
import { parseQuery } from './router.js';
import type { Target } from './target.js';

/** Decodes request bodies. */
export const utf8 = new TextDecoder();

/** The validated input (and the raw value, for the request journal), or the answer refusing it. */
export type Input =
  | { ok: true; value: unknown; raw: unknown }
  | { ok: false; response: RawResponse; issues?: FieldIssue[] };

/** Parses and validates the body or query of an operation; a violation answers the field's documented code. */
export function readInput(op: RouteOperation, url: Target, body: Uint8Array): Input {
  let value: unknown;
  let text: string | undefined;
  if (op.body) {
    text = utf8.decode(body);
    if (text.trim() === '')
      return { ok: false, response: rawError({ code: 'CBC.0100', message: 'The request body is required.' }) };
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, response: rawError({ code: 'CBC.0100', message: 'The request body is not valid JSON.' }) };
    }
  } else if (op.query) {
    value = parseQuery(op, url.searchParams);
  } else {
    return { ok: true, value: undefined, raw: undefined };
  }
  const verdict = checkInput(op, value);
  // The raw value is kept for the request journal; validation returns a new object (defaults applied).
  if (verdict.ok) {
    const precise = text !== undefined && !op.path.startsWith('/_mock/') ? overPrecise(op, text) : undefined;
    return precise ?? { ok: true, value: verdict.data, raw: value };
  }
  const first = verdict.issues[0]!.field.split('.')[0]!;
  const code = op.fieldErrorCodes?.[first] ?? 'CBC.0100';
  return {
    ok: false,
    response: rawError({ code, message: `Invalid parameter: ${describeIssues(verdict.issues)}` }),
    issues: verdict.issues,
  };
}

/**
 * Amounts as written (http/amounts.ts): JSON.parse rounds `0.010000000000000000001` to 0.01, so the real API's
 * bodies are checked in their text too, and refused with the code the field's validation refuses `12.345` with.
 */
function overPrecise(op: RouteOperation, text: string): Input | undefined {
  const found = findOverPreciseAmount(text);
  if (!found) return undefined;
  const field = found.field || 'amount';
  const message = `${found.literal} has more than 2 decimals`;
  return {
    ok: false,
    response: rawError({
      code: op.fieldErrorCodes?.[field] ?? 'CBC.0100',
      message: `Invalid parameter: ${field}: ${message}.`,
    }),
    issues: [{ field, message } as FieldIssue],
  };
}

/** What the journal keeps of a request: its secrets redacted, or only its size and hash when the body is big. */
export function journalPayload(body: Uint8Array, value: unknown): unknown {
  return truncatedBody(body) ?? redactSecrets(value);
}

/** The request as the journal shows it: the JSON body (or its text when not JSON), or the query parameters. */
export function requestPayload(op: RouteOperation, url: Target, body: Uint8Array): unknown {
  if (op.body) {
    const text = utf8.decode(body);
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return op.query ? Object.fromEntries(url.searchParams) : undefined;
}
