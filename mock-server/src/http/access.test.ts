import { describe, expect, it } from 'vitest';
import { controlRefusal, crossSiteRefusal, hostAllowed, hostnameOf, presentedToken, sameToken } from './access.js';

const headers = (h: Record<string, string>) => {
  const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (n: string) => lower[n.toLowerCase()] ?? null, has: (n: string) => n.toLowerCase() in lower };
};

describe('control-surface access rules', () => {
  it('reads the hostname of a Host header', () => {
    expect(hostnameOf('[::1]:4010')).toBe('::1');
    expect(hostnameOf('Mock.Example:80')).toBe('mock.example');
    expect(hostnameOf('localhost')).toBe('localhost');
  });

  it('serves loopback names, IP literals and allowed names only', () => {
    for (const host of ['localhost:4010', 'app.localhost', '127.0.0.1:1', '[::1]:4010', '10.0.0.7', undefined])
      expect(hostAllowed(host), String(host)).toBe(true);
    for (const host of ['evil.example', 'evil.example:4010', 'localhost.evil.example', '127.0.0.1.nip.io'])
      expect(hostAllowed(host), host).toBe(false);
    expect(hostAllowed('mock:4010', ['mock'])).toBe(true);
    expect(hostAllowed('MOCK', ['mock'])).toBe(true);
  });

  it('refuses a POST a browser sends cross-site without a preflight', () => {
    for (const h of <Record<string, string>[]>[
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'multipart/form-data; boundary=x' },
    ])
      expect(crossSiteRefusal('POST', headers(h))?.code).toBe('MOCK.CROSS_SITE');
    for (const h of <Record<string, string>[]>[
      { 'content-type': 'application/json; charset=utf-8' },
      { 'content-type': 'application/merge-patch+json' },
      { 'x-mock-tenant': 't' },
      { 'x-mock-token': 't' },
      { authorization: 'Bearer t' },
    ])
      expect(crossSiteRefusal('POST', headers(h)), JSON.stringify(h)).toBeUndefined();
    // Other methods are preflighted by browsers (or are reads whose answer a cross-site page cannot read).
    expect(crossSiteRefusal('GET', headers({}))).toBeUndefined();
    expect(crossSiteRefusal('DELETE', headers({}))).toBeUndefined();
  });

  it('reads a bearer token or X-Mock-Token, and compares tokens whole', () => {
    expect(presentedToken(headers({ authorization: 'Bearer abc' }))).toBe('abc');
    expect(presentedToken(headers({ 'x-mock-token': 'xyz' }))).toBe('xyz');
    expect(presentedToken(headers({ authorization: 'SDK-HMAC-SHA256 Access=x' }))).toBeUndefined();
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abd')).toBe(false);
    expect(sameToken('abc', 'abcd')).toBe(false);
  });

  it('lets the admin token reach everything and a tenant token its tenant only', () => {
    expect(controlRefusal(undefined, 'GetClock', 't1')?.status).toBe(401);
    expect(controlRefusal({ kind: 'admin' }, 'ListTenants', 'default')).toBeUndefined();
    const t1 = { kind: 'tenant', tenantId: 't1' } as const;
    expect(controlRefusal(t1, 'GetClock', 't1')).toBeUndefined();
    expect(controlRefusal(t1, 'DeleteTenant', 't1', 't1')).toBeUndefined();
    expect(controlRefusal(t1, 'GetClock', 't2')?.code).toBe('MOCK.FORBIDDEN');
    expect(controlRefusal(t1, 'DeleteTenant', 't1', 't2')?.status).toBe(403);
    expect(controlRefusal(t1, 'ListTenants', 't1')?.status).toBe(403);
    expect(controlRefusal(t1, 'CreateTenant', 't1')?.status).toBe(403);
  });
});
