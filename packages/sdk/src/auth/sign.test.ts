import { describe, expect, it } from 'vitest';
import rawVectors from './fixtures/signing-vectors.json' with { type: 'json' };
import {
  canonicalQuery,
  canonicalUri,
  computeSignature,
  defaultSignedHeaders,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  signRequest,
  useNodeCrypto,
} from './sign.js';

interface Vector {
  source: string;
  ak: string;
  sk: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  authorization: string;
}
const vectors = rawVectors as unknown as { vectors: Vector[] };

describe('SDK-HMAC-SHA256 signer', () => {
  for (const v of vectors.vectors) {
    it(`reproduces the ${v.source} vector ${v.method} ${v.url}`, async () => {
      const expected = parseAuthorization(v.authorization)!;
      const sig = await computeSignature(
        { method: v.method, url: v.url, headers: v.headers, body: v.body },
        v.ak,
        v.sk,
        expected.signedHeaders,
      );
      expect(sig.authorization).toBe(v.authorization);
    });
  }

  it('signs synchronously with node:crypto and identically with Web Crypto (the edge-runtime fallback)', async () => {
    for (const v of vectors.vectors) {
      const expected = parseAuthorization(v.authorization)!;
      const req = { method: v.method, url: v.url, headers: v.headers, body: v.body };
      const sync = signRequest(req, v.ak, v.sk, expected.signedHeaders);
      expect(sync).not.toBeInstanceOf(Promise);
      expect((sync as { authorization: string }).authorization).toBe(v.authorization);
      useNodeCrypto(false);
      try {
        const web = signRequest(req, v.ak, v.sk, expected.signedHeaders);
        expect(web).toBeInstanceOf(Promise);
        expect((await web).authorization).toBe(v.authorization);
        // Bytes and strings hash alike (UTF-8).
        const bytes = await signRequest(
          { ...req, body: new TextEncoder().encode(v.body) },
          v.ak,
          v.sk,
          expected.signedHeaders,
        );
        expect(bytes.authorization).toBe(v.authorization);
      } finally {
        useNodeCrypto(true);
      }
    }
  });

  it('signs alike with node:crypto and Web Crypto whatever the secret: longer than a block, non-ASCII, reused', async () => {
    const req = {
      method: 'POST',
      url: 'https://bss.myhuaweicloud.com/v2/partners/sub-customers/query?limit=10&offset=0',
      headers: { 'content-type': 'application/json', 'x-sdk-date': '20240101T000000Z' },
      body: '{"account_name":"acme"}',
    };
    const secrets = ['SK', 'S'.repeat(64), 'S'.repeat(65), 'K'.repeat(200), '密钥-secret-ключ', 'SK'];
    const signed = (sk: string) => signRequest(req, 'AK', sk, ['host', 'x-sdk-date']);
    const sync = secrets.map((sk) => {
      const sig = signed(sk);
      expect(sig).not.toBeInstanceOf(Promise);
      return (sig as { signature: string }).signature;
    });
    useNodeCrypto(false);
    try {
      const web = (await Promise.all(secrets.map(signed))).map((sig) => sig.signature);
      expect(sync).toEqual(web);
    } finally {
      useNodeCrypto(true);
    }
    expect(new Set(sync).size).toBe(secrets.length - 1);
  });

  it('picks the Go SDK default signed headers (no content-type, no underscores)', () => {
    expect(defaultSignedHeaders(vectors.vectors[1]!.headers, false)).toEqual(['x-sdk-date']);
    expect(
      defaultSignedHeaders({ 'X-Sdk-Date': 'x', 'Content-Type': 'application/json', 'X-Security-Token': 't' }),
    ).toEqual(['host', 'x-sdk-date', 'x-security-token']);
  });

  it('matches the intermediate values published for vector 1', async () => {
    const v = vectors.vectors[0]!;
    const sig = await computeSignature({ method: v.method, url: v.url, headers: v.headers }, v.ak, v.sk, [
      'x-sdk-date',
    ]);
    expect(sig.canonicalRequest).toBe(
      'GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sig.stringToSign).toBe(
      'SDK-HMAC-SHA256\n20060102T150405Z\n85c3b7730f308aee452b16138a42a914397e43a8f0d732dfa521c0ef2afa98a4',
    );
  });

  it('hashes the exact body bytes: a trailing newline changes the signature', async () => {
    const base = {
      method: 'POST',
      url: 'https://bss.myhuaweicloud.com/v2/partners/sub-customers/query',
      headers: { 'X-Sdk-Date': '20240101T000000Z' },
    };
    const a = await computeSignature({ ...base, body: '{"offset":0,"limit":10}' }, 'AK', 'SK', ['host', 'x-sdk-date']);
    const b = await computeSignature({ ...base, body: '{"offset":0,"limit":10}\n' }, 'AK', 'SK', [
      'host',
      'x-sdk-date',
    ]);
    expect(a.signature).not.toBe(b.signature);
  });

  it('signs each URL by its own path and query (the canonical forms kept per URL stay apart)', async () => {
    const sign = (url: string) =>
      computeSignature({ method: 'GET', url, headers: { 'x-sdk-date': '20240101T000000Z' } }, 'AK', 'SK', [
        'host',
        'x-sdk-date',
      ]);
    const a = await sign('https://bss.example.com/v2/a?limit=1');
    const b = await sign('https://bss.example.com/v2/a?limit=2');
    const c = await sign('https://other.example.com:8443/v2/b%20c');
    expect(a.canonicalRequest.split('\n').slice(1, 4)).toEqual(['/v2/a/', 'limit=1', 'host:bss.example.com']);
    expect(b.canonicalRequest.split('\n').slice(1, 3)).toEqual(['/v2/a/', 'limit=2']);
    expect(c.canonicalRequest.split('\n').slice(1, 4)).toEqual(['/v2/b%20c/', '', 'host:other.example.com:8443']);
    expect((await sign('https://bss.example.com/v2/a?limit=1')).signature).toBe(a.signature);
    expect(
      (
        await computeSignature(
          {
            method: 'GET',
            url: new URL('https://bss.example.com/v2/a?limit=1'),
            headers: { 'x-sdk-date': '20240101T000000Z' },
          },
          'AK',
          'SK',
          ['host', 'x-sdk-date'],
        )
      ).signature,
    ).toBe(a.signature);
  });

  it('canonicalises URI and query as the gateway does', () => {
    expect(canonicalUri('/v2/partners/sub-customers/query')).toBe('/v2/partners/sub-customers/query/');
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('/a b/%E4%B8%80')).toBe('/a%20b/%E4%B8%80/');
    const q = new URLSearchParams();
    for (const [k, v] of [
      ['test', '一 (&=?!#%.*)'],
      ['multi', '3'],
      ['limit', '1'],
      ['multi', '1'],
      ['path', '/tmp/123'],
      ['enable', 'true'],
      ['multi', '2'],
    ] as const)
      q.append(k, v);
    expect(canonicalQuery(q)).toBe(
      'enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29',
    );
    expect(canonicalQuery('status=2&offset=0&limit=10&empty=')).toBe('empty=&limit=10&offset=0&status=2');
  });

  it('formats and parses X-Sdk-Date', () => {
    expect(formatSdkDate(new Date(Date.UTC(2006, 0, 2, 15, 4, 5, 999)))).toBe('20060102T150405Z');
    // The last second's text is kept: a date in another second (later or earlier) is formatted anew.
    expect(formatSdkDate(new Date(Date.UTC(2006, 0, 2, 15, 4, 5, 1)))).toBe('20060102T150405Z');
    expect(formatSdkDate(new Date(Date.UTC(2006, 0, 2, 15, 4, 6)))).toBe('20060102T150406Z');
    expect(formatSdkDate(new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 500)))).toBe('19991231T235959Z');
    expect(() => formatSdkDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(parseSdkDate('20060102T150405Z')?.toISOString()).toBe('2006-01-02T15:04:05.000Z');
    expect(parseSdkDate('2006-01-02')).toBeUndefined();
  });

  it('parses Authorization headers and rejects other schemes', () => {
    expect(parseAuthorization(vectors.vectors[4]!.authorization)).toEqual({
      accessKey: 'AKEXAMPLE000000000000',
      signedHeaders: ['content-type', 'host', 'x-sdk-date'],
      signature: 'e69a053df4bc2239c4863578ce02b525929604421c8da3abb0866714b0a13b38',
    });
    expect(parseAuthorization('Bearer abc')).toBeUndefined();
  });
});
