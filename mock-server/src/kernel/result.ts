/**
 * Domain errors are values: a documented `error_code` and a message. The HTTP layer maps the code to its status
 * through the spec's error catalog, in one place.
 */
export interface DomainError {
  code: string;
  message: string;
}

/** What a domain command returns: its value, or the documented error and no state change. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string): Result<never> => ({ ok: false, error: { code, message } });
