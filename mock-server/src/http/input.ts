/** A request's input: the JSON body or the typed query, validated (defaults filled) with the operation's validator. */
import type { FieldIssue } from '@partner-center/sdk';
import { describeIssues } from '@partner-center/sdk/internal';
import { checkInput, type RouteOperation } from '../operations/catalog.js';
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
  if (op.body) {
    const text = utf8.decode(body);
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
  if (verdict.ok) return { ok: true, value: verdict.data, raw: value };
  const first = verdict.issues[0]!.field.split('.')[0]!;
  const code = op.fieldErrorCodes?.[first] ?? 'CBC.0100';
  return {
    ok: false,
    response: rawError({ code, message: `Invalid parameter: ${describeIssues(verdict.issues)}` }),
    issues: verdict.issues,
  };
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
