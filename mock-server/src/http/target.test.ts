import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestTarget } from './target.js';

describe('request URLs', () => {
  const parts = (u: { host: string; pathname: string; search: string; searchParams: URLSearchParams }) => ({
    host: u.host,
    pathname: u.pathname,
    search: u.search,
    params: [...u.searchParams],
  });
  const same = (url: string) => {
    let expected: unknown;
    try {
      expected = parts(new URL(url));
    } catch {
      expected = 'throws';
    }
    let actual: unknown;
    try {
      actual = parts(requestTarget(url));
    } catch {
      actual = 'throws';
    }
    expect(actual, url).toEqual(expected);
  };

  it('are read as new URL reads them, with or without the fast path', () => {
    for (const url of [
      'http://127.0.0.1:4010/v2/partners/sub-customers/query',
      'https://bss.myhuaweicloud.com/v2/partners/sub-customers',
      'HTTPS://BSS.MyHuaweiCloud.com:443/v2/x/',
      'http://localhost:80/_mock/health',
      'http://localhost:8080/',
      'http://localhost:65535/a',
      'http://localhost:65536/a',
      'http://localhost:00080/a',
      'http://127.1/a',
      'http://0x7f.0.0.1/a',
      'http://1.2.3.256/a',
      'http://a.b.3/a',
      'http://xn--nxasmq6b.com/a',
      'http://[::1]:4010/a',
      'http://h/a/../b',
      'http://h/a/./b',
      'http://h/a/%2e%2E/b',
      'http://h/.hidden/b',
      'http://h/a b',
      'http://h//a',
      'http://h/a?',
      'http://h/a?x=1&y=%20',
      'http://h/a#frag',
      'http://h/a\\b',
      'http://user@h/a',
      'http://h:/a',
    ]) {
      same(url);
    }
    const segment = fc.stringMatching(/^[A-Za-z0-9._~%-]{0,8}$/);
    const host = fc.constantFrom('h', 'H.example.COM', '127.0.0.1', '10.0.0.255', 'a-b.c', '1.2.3', '9x.y');
    const port = fc.option(fc.integer({ min: 0, max: 70_000 }).map(String), { nil: undefined });
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https'),
        host,
        port,
        fc.array(segment, { maxLength: 5 }),
        fc.boolean(),
        (scheme, h, p, segments, slash) => {
          same(`${scheme}://${h}${p === undefined ? '' : `:${p}`}/${segments.join('/')}${slash ? '/' : ''}`);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
