import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, truncatedBody } from './journal-payload.js';

describe('request journal payloads', () => {
  it('redacts passwords, secret keys, tokens and signatures wherever they sit, copying only what changes', () => {
    const input = {
      domain_name: 'acme',
      password: 'Secret-1',
      nested: { iam_password: 'p', secret_key: 'sk', sk: 'x', list: [{ token: 't' }, { ok: 1 }] },
      signature: 's',
      x_auth_token: 't',
      untouched: { a: 1 },
    };
    const out = redactSecrets(input) as typeof input;
    expect(out).toEqual({
      domain_name: 'acme',
      password: REDACTED,
      nested: { iam_password: REDACTED, secret_key: REDACTED, sk: REDACTED, list: [{ token: REDACTED }, { ok: 1 }] },
      signature: REDACTED,
      x_auth_token: REDACTED,
      untouched: { a: 1 },
    });
    expect(input.password).toBe('Secret-1');
    expect(out.untouched).toBe(input.untouched);
    const clean = { a: [1, { b: 'c' }] };
    expect(redactSecrets(clean)).toBe(clean);
    // Absent secrets stay absent (null is not a secret).
    expect(redactSecrets({ password: null })).toEqual({ password: null });
  });

  it('keeps a body over the limit as its size and SHA-256', () => {
    expect(truncatedBody('x'.repeat(4096))).toBeUndefined();
    const big = 'y'.repeat(5000);
    expect(truncatedBody(big)).toEqual({
      truncated: true,
      size: 5000,
      sha256: createHash('sha256').update(big).digest('hex'),
    });
    expect(truncatedBody(new TextEncoder().encode('é'.repeat(3000)))?.size).toBe(6000);
  });
});
