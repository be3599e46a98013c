/**
 * Building responses in the real service's shape: JSON with `X-Request-Id` and the spec revision header, errors as
 * `{error_code, error_msg}`. The engine works on plain {@link RawResponse} values (cheap to build, cheap to write to
 * a node:http socket); the Fetch `Response` helpers wrap them for MSW and for callers of `engine.handle`.
 */
import { errorCatalog, SPEC_REVISION } from '@partner-center/sdk';
import type { DomainError } from '../kernel/result.js';

/** Header carrying the revision of the spec the mock was generated from. */
export const REVISION_HEADER = 'X-Mock-Spec-Revision';

/** An answer as the engine produces it. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body text (JSON), absent for an empty body. */
  body?: string;
  /** Drop the connection instead of answering (fault injection). */
  networkError?: boolean;
  /** The `error_code` of an error answer (so nobody re-parses the body for it). */
  errorCode?: string;
  /** Self-validation: how the answer this one replaced departed from the spec. */
  driftIssues?: string[];
}

let counter = 0;
/** The boot time in hex, zero-padded so that with the 6-digit counter the id has 32 digits. */
const idPrefix = Date.now().toString(16).padStart(26, '0');
function requestId(): string {
  counter = (counter + 1) % 0x1000000;
  const hex = counter.toString(16);
  return idPrefix + (hex.length < 6 ? '00000'.slice(hex.length - 1) + hex : hex);
}

/** A JSON answer, or an empty one for 204 or an undefined body. */
export function rawJson(status: number, body: unknown, extra?: Record<string, string>): RawResponse {
  // The revision header spelled out (it is REVISION_HEADER): a computed key makes V8 build the object the slow way.
  const headers: Record<string, string> = { 'X-Request-Id': requestId(), 'X-Mock-Spec-Revision': SPEC_REVISION };
  if (extra) Object.assign(headers, extra);
  if (status === 204 || body === undefined) return { status, headers };
  headers['Content-Type'] = 'application/json;charset=UTF-8';
  return { status, headers, body: toJson(body) };
}

/**
 * JSON text of frozen objects, by identity. A frozen object cannot change, and the code that freezes one promises the
 * same of what it holds (domain/customers.ts freezes listing entries, reused while the customer is unchanged).
 */
const frozenText = new WeakMap<object, string>();

/**
 * `JSON.stringify(body)`, reusing the text of frozen items in the body's top-level arrays (list entries): a list
 * answer is then mostly concatenation rather than serialisation. Anything else is serialised as usual.
 */
export function toJson(body: unknown): string {
  if (typeof body !== 'object' || body === null || Object.getPrototypeOf(body) !== Object.prototype)
    return JSON.stringify(body);
  const record = body as Record<string, unknown>;
  const keys = Object.keys(record);
  if (typeof record.toJSON === 'function' || !keys.some((k) => isFrozenList(record[k]))) return JSON.stringify(body);
  let text = '';
  for (const key of keys) {
    const value = record[key];
    const part = isFrozenList(value) ? arrayJson(value) : JSON.stringify(value);
    // Members JSON leaves out (undefined, functions, symbols).
    if (part === undefined) continue;
    text += `${text === '' ? '{' : ','}${JSON.stringify(key)}:${part}`;
  }
  return text === '' ? '{}' : `${text}}`;
}

/** An array whose first item is a frozen object: a list of entries whose text may be kept. */
const isFrozenList = (value: unknown): value is unknown[] =>
  Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null && Object.isFrozen(value[0]);

function arrayJson(items: unknown[]): string {
  let text = '[';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    let part: string | undefined;
    if (typeof item === 'object' && item !== null && Object.isFrozen(item)) {
      part = frozenText.get(item);
      if (part === undefined) {
        part = JSON.stringify(item);
        frozenText.set(item, part);
      }
    } else {
      // Array items JSON cannot write are null.
      part = JSON.stringify(item) ?? 'null';
    }
    text += i === 0 ? part : `,${part}`;
  }
  return `${text}]`;
}

/** HTTP status of a documented error code (catalog from the spec); undocumented codes are 400. */
export function statusOf(code: string): number {
  return (errorCatalog as Record<string, { status: number }>)[code]?.status ?? 400;
}

/** An error answer in the service's envelope. */
export function rawError(err: DomainError, status = statusOf(err.code), extra?: Record<string, string>): RawResponse {
  return { ...rawJson(status, { error_code: err.code, error_msg: err.message }, extra), errorCode: err.code };
}

/** The Fetch form of a raw answer (`Response.error()` for a dropped connection: fetch rejects, as on a reset). */
export function toFetchResponse(raw: RawResponse): Response {
  if (raw.networkError) return Response.error();
  return new Response(raw.body ?? null, { status: raw.status, headers: raw.headers });
}

/**
 * A Response whose body text is in hand: `text()` and `json()` answer from it, with no body stream at all; the stream
 * is built only when something asks for it (`body`, `arrayBuffer()`, `blob()`, `formData()`, `bytes()`), by a plain
 * Response of the same text, to which everything then defers. What `mock.fetch` answers with: building a body stream
 * and reading it back cost the in-process caller more than the engine's whole answer (Node 20's web streams), and the
 * SDK reads the text anyway. It is used up as a Response would be: a second read, or a clone after one, fails.
 */
export class TextResponse extends Response {
  /** The unread text; null once read. */
  #text: string | null;
  /** The plain Response everything defers to once a stream was asked for. */
  #plain: Response | undefined;

  constructor(text: string, init: ResponseInit) {
    super(null, init);
    this.#text = text;
  }

  /** The plain Response of the same text (already read if this one was). */
  #streamed(): Response {
    if (!this.#plain) {
      this.#plain = new Response(this.#text ?? '', this);
      // Read already: the plain body is used up too, so that reading it again fails as it should.
      if (this.#text === null) this.#plain.body!.cancel().catch(() => {});
      this.#text = null;
    }
    return this.#plain;
  }

  /** The text, once. */
  #take(): string {
    const text = this.#text;
    if (text === null) throw new TypeError('Body is unusable: Body has already been read');
    this.#text = null;
    return text;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#streamed().body;
  }

  override get bodyUsed(): boolean {
    return this.#plain ? this.#plain.bodyUsed : this.#text === null;
  }

  override async text(): Promise<string> {
    return this.#plain ? this.#plain.text() : this.#take();
  }

  override async json(): Promise<any> {
    return this.#plain ? this.#plain.json() : JSON.parse(this.#take());
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#streamed().arrayBuffer();
  }

  override blob(): Promise<Blob> {
    return this.#streamed().blob();
  }

  override formData(): Promise<FormData> {
    return this.#streamed().formData();
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return (this.#streamed() as Response & { bytes(): Promise<Uint8Array<ArrayBuffer>> }).bytes();
  }

  override clone(): Response {
    if (this.#plain) return this.#plain.clone();
    if (this.#text === null) throw new TypeError('Response.clone: Body has already been consumed.');
    return new TextResponse(this.#text, this);
  }
}

/** The Fetch form of a raw answer for an in-process caller (`mock.fetch`): its body read without a stream. */
export function toDirectResponse(raw: RawResponse): Response {
  return raw.body && !raw.networkError
    ? new TextResponse(raw.body, { status: raw.status, headers: raw.headers })
    : toFetchResponse(raw);
}

/** A JSON answer as a Fetch `Response`. */
export function json(status: number, body: unknown, extra?: Record<string, string>): Response {
  return toFetchResponse(rawJson(status, body, extra));
}

/** An error answer as a Fetch `Response`. */
export function error(err: DomainError, status = statusOf(err.code)): Response {
  return toFetchResponse(rawError(err, status));
}
