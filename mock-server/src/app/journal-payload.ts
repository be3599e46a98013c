/**
 * What the request journal keeps of a request or an answer: secrets redacted (passwords, secret keys, tokens,
 * signatures: the journal is readable by anyone holding the tenant's control access, and ends up in CI logs), and a
 * body over a few KB kept as its size and SHA-256 only, so that a client sending megabytes cannot make the journal,
 * or a listing of it, hold megabytes.
 */
import { createHash } from 'node:crypto';

/** Bodies up to this many bytes are kept whole (redacted); bigger ones as size and hash. */
export const JOURNAL_BODY_BYTES = 4_096;
/** What a redacted value reads. */
export const REDACTED = '[redacted]';

/** Field names whose values are secrets, wherever they sit in a body. */
const SECRET_KEY = /pass(word|wd)|secret|(^|_)sk$|token|signature|authorization/i;

/** Whether a field's value is a secret the journal must not keep. */
export const isSecretField = (key: string): boolean => SECRET_KEY.test(key);

/** The value with every secret field's value replaced by {@link REDACTED}; copies only what it changes. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = redactSecrets(value[i]);
      if (v === value[i]) continue;
      out ??= [...value];
      out[i] = v;
    }
    return out ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(value)) {
    const r = isSecretField(k) && v !== null && v !== undefined ? REDACTED : redactSecrets(v);
    if (r === v) continue;
    out ??= { ...value };
    out[k] = r;
  }
  return out ?? value;
}

/** A body too big to keep: its size in bytes and the SHA-256 of its bytes (to match it with what was sent). */
export interface TruncatedBody {
  truncated: true;
  size: number;
  sha256: string;
}

/** A body over {@link JOURNAL_BODY_BYTES} as its size and hash, or undefined when it is small enough to keep. */
export function truncatedBody(bytes: Uint8Array | string, limit = JOURNAL_BODY_BYTES): TruncatedBody | undefined {
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size <= limit) return undefined;
  return { truncated: true, size, sha256: createHash('sha256').update(bytes).digest('hex') };
}
