/**
 * Which msw and Node run the contract suite: msw 2 under Node 20 in `vitest run`, msw 3 under Node 22 in
 * `pnpm test:msw3` (which sets EXPECT_MSW_MAJOR and EXPECT_NODE_MAJOR), so that run cannot silently use msw 2.
 */
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { expect, it } from 'vitest';
import { createMock } from '@partner-center/mock';

it('runs with the msw and Node this run is meant for, one msw copy serving the tests and the mock', async () => {
  const version = (await import('msw/package.json', { with: { type: 'json' } })).default.version as string;
  const major = (v: string) => Number(v.replace(/^v/, '').split('.')[0]);
  expect(major(version)).toBe(Number(process.env.EXPECT_MSW_MAJOR ?? 2));
  expect(major(process.version)).toBeGreaterThanOrEqual(Number(process.env.EXPECT_NODE_MAJOR ?? 20));
  // The mock's handler is an instance of the msw the tests use (the mock resolves its peer to the same copy).
  const mock = createMock();
  expect(mock.handlers[0]).toBeInstanceOf(Object.getPrototypeOf(http.all('*', () => undefined)).constructor);
  const server = setupServer(...mock.handlers);
  server.listen();
  try {
    const r = await fetch('https://bss.myhuaweicloud.com/v2/partners/sub-customers/query', {
      method: 'POST',
      body: '{}',
    });
    expect(r.status).toBe(401); // answered by the mock (no credentials), not by the network
  } finally {
    server.close();
  }
});
