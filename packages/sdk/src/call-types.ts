/**
 * The types of an operation method's arguments and result, derived from the openapi-typescript `operations`
 * interface. Apart from client.ts because the generated method signatures (src/generated/{cn,intl}/methods.ts) name
 * them, and client.ts names those signatures: one module would make a type-only import circle.
 */
import type { RetryOptions } from './retry.js';

type NonEmpty<T> = [T] extends [never] ? never : [T] extends [undefined] ? never : T;
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonEmpty<Q> : never;
/** The input of an operation: its JSON body, else its query parameters, else nothing. */
export type InputOf<O> = [BodyOf<O>] extends [never]
  ? [QueryOf<O>] extends [never]
    ? undefined
    : QueryOf<O>
  : BodyOf<O>;
/** The successful result of an operation: the 200 (or 201) JSON body, or void for 204. */
export type OutputOf<O> = O extends { responses: { 200: { content: { 'application/json': infer R } } } }
  ? R
  : O extends { responses: { 201: { content: { 'application/json': infer R } } } }
    ? R
    : void;

/** Per-call options; each overrides the client's setting for this call (`undefined` means "not given"). */
export interface CallOptions {
  /** Abort the call (its current attempt and any wait between attempts); the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call (for example `X-Language`). */
  headers?: Record<string, string> | undefined;
  /** Override the client's `validateRequests` for this call. */
  validate?: boolean | undefined;
  /** Timeout of each attempt, in ms (`Infinity`: none). */
  timeoutMs?: number | undefined;
  /** Retry settings for this call, or `false` for a single attempt. */
  retry?: RetryOptions | false | undefined;
  /** For a money movement whose outcome is unknown: look it up in the records and send only what is missing. */
  reconcile?: boolean | undefined;
}

/** The parameters of an operation method: input (optional when nothing is required) and call options. */
export type ArgsOf<O> =
  undefined extends InputOf<O>
    ? [input?: InputOf<O>, options?: CallOptions]
    : {} extends InputOf<O>
      ? [input?: InputOf<O>, options?: CallOptions]
      : [input: InputOf<O>, options?: CallOptions];
