import { computeSignature, formatSdkDate } from '@partner-center/sdk/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signatureOf } from './auth.js';

describe("the mock's signature verifier", () => {
  it('agrees with the SDK signer (Web Crypto) on any method, path, query, headers and body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 4 }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.dictionary(fc.stringMatching(/^x-[a-z]{1,6}$/), fc.stringMatching(/^[ -~]{0,12}$/), { maxKeys: 3 }),
        fc.boolean(),
        async (method, segments, query, body, extra, withHost) => {
          const url = new URL(`https://bss.myhuaweicloud.com/${segments.map(encodeURIComponent).join('/')}`);
          for (const [k, v] of Object.entries(query)) url.searchParams.append(k, v);
          const headers = new Headers({
            'X-Sdk-Date': formatSdkDate(new Date(Date.UTC(2024, 0, 1))),
            'Content-Type': 'application/json',
            ...extra,
          });
          if (withHost) headers.set('host', url.host);
          const signed = [
            'x-sdk-date',
            ...Object.keys(extra).map((k) => k.toLowerCase()),
            ...(withHost ? ['host'] : []),
          ];
          const sdk = await computeSignature({ method, url: url.toString(), headers, body }, 'AK', 'SK-secret', signed);
          expect(signatureOf({ method, url: url.toString(), headers }, body, 'SK-secret', signed)).toBe(sdk.signature);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reproduces the published vector (GET /path?limit=1)', () => {
    const headers = new Headers({ 'X-Sdk-Date': '20060102T150405Z' });
    expect(
      signatureOf(
        { method: 'GET', url: 'https://example.huaweicloud.com/path?limit=1', headers },
        new Uint8Array(),
        'SecretKey',
        ['x-sdk-date'],
      ),
    ).toBe('5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624');
  });
});
