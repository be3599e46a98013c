import {
  documentedErrorCodes,
  operationErrorCodes,
  type DocumentedErrorCode,
  type OperationErrorCodes,
} from './generated/error-codes.js';
import type { FieldIssue } from './validation/issues.js';
import { describeIssues } from './validation/issues.js';

/** The `code` of a {@link PartnerCenterError}: a code documented in the spec, or `UNDOCUMENTED` (see `rawCode`). */
export type ErrorCode = DocumentedErrorCode | 'UNDOCUMENTED';

/** What every SDK error carries besides its message. */
interface SdkErrorInit {
  operationId: string;
  status?: number | undefined;
  requestId?: string | undefined;
  attempts?: number;
  uncertain?: boolean;
  cause?: unknown;
}

/** Base class of every error the SDK throws (a caller's own abort reason is rethrown as is). */
export class SdkError extends Error {
  override name = 'SdkError';
  /** The operation that failed. */
  readonly operationId: string;
  /** HTTP status of the last answer; undefined when no answer came (refused before sending, network failure, timeout). */
  readonly status: number | undefined;
  /** `X-Request-Id` of the last answer, for Huawei support; undefined when no answer came. */
  readonly requestId: string | undefined;
  /** Attempts made; 0 when the SDK refused the call before sending it. */
  readonly attempts: number;
  /**
   * True when the request may have been applied although the call failed (no answer after sending, or a 5xx).
   * For a money movement, look it up with `client.reconcile.<method>(input)` before sending it again.
   */
  readonly uncertain: boolean;

  constructor(message: string, init: SdkErrorInit) {
    super(message, init);
    this.operationId = init.operationId;
    this.status = init.status;
    this.requestId = init.requestId;
    this.attempts = init.attempts ?? 0;
    this.uncertain = init.uncertain ?? false;
  }
}

/**
 * An error answered by the service (or the mock). After `e instanceof PartnerCenterError`, `e.code` is the union of
 * documented codes, so `switch (e.code)` is checked against the spec; {@link isPartnerCenterError} narrows it to one
 * operation's codes. (Not generic: `instanceof` would type a generic class's code as `any`.)
 */
export class PartnerCenterError extends SdkError {
  override name = 'PartnerCenterError';
  /** HTTP status of the answer. */
  declare readonly status: number;
  /** The documented `error_code` of the body, or `UNDOCUMENTED` when the body had none or one the spec does not list. */
  readonly code: ErrorCode;
  /** `error_code` exactly as answered (`""` when the body had none). */
  readonly rawCode: string;
  /** `error_msg` of the body. */
  readonly errorMsg: string;

  constructor(init: SdkErrorInit & { status: number; code: string; errorMsg: string }) {
    const code = (documentedErrorCodes.has(init.code) ? init.code : 'UNDOCUMENTED') as ErrorCode;
    super(
      `${init.operationId} failed: HTTP ${init.status} ${init.code || code}: ${init.errorMsg}${init.requestId ? ` (request id ${init.requestId})` : ''}`,
      init,
    );
    this.code = code;
    this.rawCode = init.code;
    this.errorMsg = init.errorMsg;
  }
}

/** A {@link PartnerCenterError} whose `code` is one of `C`. */
export type PartnerCenterErrorOf<C extends ErrorCode> = PartnerCenterError & { readonly code: C };

/** Any {@link PartnerCenterError}, as a union discriminated by `code`. */
export type ApiError = { [C in ErrorCode]: PartnerCenterErrorOf<C> }[ErrorCode];

/** A method of either site's client (`createSubCustomer`, `updateCustomerAccountAmount`…). */
export type MethodName = keyof OperationErrorCodes;

/** The codes a method documents (`x-error-codes`), plus `UNDOCUMENTED`. */
export type ErrorCodeOf<M extends MethodName> = OperationErrorCodes[M] | 'UNDOCUMENTED';

/**
 * True when `e` is a {@link PartnerCenterError}; with a method name, only when that method failed with one of the
 * codes it documents (or `UNDOCUMENTED`), and `e.code` is narrowed to those codes, so that comparing it with a code
 * the method never answers does not compile. A code the spec documents elsewhere but not for this method gives
 * false: handle it after an `instanceof PartnerCenterError`.
 */
export function isPartnerCenterError<M extends MethodName>(
  e: unknown,
  method: M,
): e is PartnerCenterErrorOf<ErrorCodeOf<M>>;
export function isPartnerCenterError(e: unknown): e is PartnerCenterError;
export function isPartnerCenterError(e: unknown, method?: MethodName): boolean {
  if (!(e instanceof PartnerCenterError)) return false;
  if (method === undefined) return true;
  const codes = operationErrorCodes[method] as string | undefined;
  if (codes === undefined) throw new TypeError(`${method} is not a method of the SDK`);
  return (
    e.operationId[0]!.toLowerCase() + e.operationId.slice(1) === method &&
    (e.code === 'UNDOCUMENTED' || codes.split(' ').includes(e.code))
  );
}

/** A request refused by the SDK before sending, because it breaks a field rule of the spec; `issues` name the fields. */
export class RequestValidationError extends SdkError {
  override name = 'RequestValidationError';
  /** Every broken rule, each naming its field. */
  readonly issues: FieldIssue[];

  constructor(operationId: string, issues: FieldIssue[]) {
    super(`${operationId}: invalid request: ${describeIssues(issues)}`, { operationId });
    this.issues = issues;
  }
}

/** The `code` of a network failure (`ECONNREFUSED`, `ENOTFOUND`…), however deep fetch wrapped it. */
function causeCode(e: unknown): string | undefined {
  for (let c = e as { code?: unknown; cause?: unknown } | undefined, i = 0; c && i < 5; c = c.cause as never, i++)
    if (typeof c.code === 'string') return c.code;
}

/**
 * A call that got no answer: the connection failed, or the per-attempt timeout fired. The message names the
 * method, the host and the cause (`POST 127.0.0.1:4010: ECONNREFUSED`), with a hint when the host is local.
 */
export class NetworkError extends SdkError {
  override name = 'NetworkError';
  /** True when the SDK's timeout ended the last attempt. */
  readonly timedOut: boolean;
  /** The cause's code (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`…) when the runtime gave one. */
  readonly code: string | undefined;

  constructor(init: SdkErrorInit & { timedOut?: boolean | undefined; method?: string; url?: string }) {
    const code = init.timedOut ? undefined : causeCode(init.cause);
    const host = init.url ? new URL(init.url).host : undefined;
    const local = host && /^(localhost|127\.|\[::1\])/.test(host);
    super(
      `${init.operationId} failed: ${init.timedOut ? 'timed out' : 'network failure'}${host ? ` (${init.method} ${host}${code ? `: ${code}` : ''})` : ''} after ${init.attempts ?? 0} attempt(s)${init.uncertain ? '; it may have been applied' : ''}${local && code === 'ECONNREFUSED' ? `; nothing listens on ${host}: is the mock running (\`pnpm mock\`)?` : ''}`,
      init,
    );
    this.timedOut = init.timedOut ?? false;
    this.code = code;
  }
}

/**
 * Removes what could be a credential from a text meant for logs or errors: signatures, IAM tokens (`MII…`),
 * `Authorization` values, and `password`/`secret`/`token` JSON members.
 */
export function redact(text: string): string {
  return text
    .replace(/(Signature=)[0-9a-fA-F]+/g, '$1[redacted]')
    .replace(/MII[A-Za-z0-9+/=_-]{16,}/g, '[redacted]')
    .replace(/("?(?:password|secret\w*|\w*token)"?\s*[:=]\s*)"[^"]*"/gi, '$1"[redacted]"');
}

/** Builds the error of a non-2xx answer from its parsed body. */
export function toApiError(
  operationId: string,
  response: Response,
  body: unknown,
  attempts: number,
): PartnerCenterError {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const nested = (b.error && typeof b.error === 'object' ? b.error : {}) as Record<string, unknown>;
  const str = (...vs: unknown[]) => vs.find((v): v is string => typeof v === 'string' && v !== '');
  const code = str(b.error_code, b.code, nested.code) ?? '';
  const msg =
    str(b.error_msg, b.message, nested.message) ??
    (typeof body === 'string' && body ? body.slice(0, 500) : response.statusText);
  return new PartnerCenterError({
    operationId,
    status: response.status,
    code,
    errorMsg: redact(msg),
    requestId: response.headers.get('X-Request-Id') ?? undefined,
    attempts,
    uncertain: response.status >= 500,
  });
}
