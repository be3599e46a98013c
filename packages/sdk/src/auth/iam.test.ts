import { describe, expect, it } from 'vitest';
import { NetworkError, PartnerCenterError } from '../errors.js';
import { iamPasswordToken } from './iam.js';

const HOUR = 3_600_000;

/** A stand-in IAM: issues `tok-N` valid for `ttl`, with server timestamps far from the local clock. */
function iam(ttl = 24 * HOUR) {
  const bodies: any[] = [];
  let n = 0;
  let failNext: 'network' | 'auth' | undefined;
  const fetch = async (req: Request) => {
    bodies.push(await req.json());
    if (failNext === 'network') throw new TypeError('fetch failed');
    if (failNext === 'auth')
      return Response.json(
        { error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } },
        { status: 401 },
      );
    const issued = Date.UTC(2020, 0, 1);
    return Response.json(
      { token: { issued_at: new Date(issued).toISOString(), expires_at: new Date(issued + ttl).toISOString() } },
      { status: 201, headers: { 'X-Subject-Token': `tok-${++n}` } },
    );
  };
  return { fetch, bodies, fail: (how: typeof failNext) => (failNext = how), requests: () => bodies.length };
}

describe('IAM password token provider', () => {
  it('asks IAM with the password method and a domain scope, then serves the cached token', async () => {
    const s = iam();
    const token = iamPasswordToken({
      user: 'ops',
      password: 'Secret-Pass-1',
      domain: 'acme',
      fetch: s.fetch,
      now: () => 0,
    });
    expect(await token()).toBe('tok-1');
    expect(await token()).toBe('tok-1');
    expect(s.requests()).toBe(1);
    expect(s.bodies[0]).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'ops', password: 'Secret-Pass-1', domain: { name: 'acme' } } },
        },
        scope: { domain: { name: 'acme' } },
      },
    });
  });

  it('shares one request between concurrent callers', async () => {
    const s = iam();
    const token = iamPasswordToken({ user: 'ops', password: 'p', domain: 'acme', fetch: s.fetch, now: () => 0 });
    expect(await Promise.all([token(), token(), token()])).toEqual(['tok-1', 'tok-1', 'tok-1']);
    expect(s.requests()).toBe(1);
  });

  it("refreshes before expiry, using IAM's own lifetime against the local clock", async () => {
    const s = iam(2 * HOUR);
    let now = 1_000_000;
    const token = iamPasswordToken({
      user: 'ops',
      password: 'p',
      domain: 'acme',
      fetch: s.fetch,
      now: () => now,
      refreshBeforeMs: 10 * 60_000,
    });
    expect(await token()).toBe('tok-1');
    now += 2 * HOUR - 10 * 60_000 - 1;
    expect(await token()).toBe('tok-1');
    now += 1;
    expect(await token()).toBe('tok-2');
  });

  it('keeps serving a still-valid token when an early refresh fails, and fails once it has expired', async () => {
    const s = iam(HOUR);
    let now = 0;
    const token = iamPasswordToken({ user: 'ops', password: 'p', domain: 'acme', fetch: s.fetch, now: () => now });
    await token();
    s.fail('network');
    now = HOUR - 60_000;
    expect(await token()).toBe('tok-1');
    now = HOUR;
    await expect(token()).rejects.toBeInstanceOf(NetworkError);
  });

  it('fetches a new token after invalidate()', async () => {
    const s = iam();
    const token = iamPasswordToken({ user: 'ops', password: 'p', domain: 'acme', fetch: s.fetch, now: () => 0 });
    await token();
    token.invalidate();
    expect(await token()).toBe('tok-2');
  });

  it('gives up on an IAM that does not answer', async () => {
    // Under load the 5 ms timer can fire before the fetch is even called: honour a signal that is already aborted.
    const hang = (req: Request) =>
      new Promise<Response>((_, reject) => {
        if (req.signal.aborted) return reject(req.signal.reason);
        req.signal.addEventListener('abort', () => reject(req.signal.reason));
      });
    const token = iamPasswordToken({ user: 'ops', password: 'p', domain: 'acme', fetch: hang, timeoutMs: 5 });
    const e = await token().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).cause).toMatchObject({ name: 'TimeoutError' });
  });

  it('waits as long as IAM takes with timeoutMs: Infinity (no timer that would fire at once)', async () => {
    const s = iam();
    const slow = async (req: Request) => {
      await new Promise((r) => setTimeout(r, 30));
      if (req.signal.aborted) throw req.signal.reason;
      return s.fetch(req);
    };
    const token = iamPasswordToken({
      user: 'ops',
      password: 'p',
      domain: 'acme',
      fetch: slow,
      timeoutMs: Number.POSITIVE_INFINITY,
    });
    await expect(token()).resolves.toBe('tok-1');
  });

  it('reports a refusal without the password', async () => {
    const s = iam();
    s.fail('auth');
    const token = iamPasswordToken({ user: 'ops', password: 'Secret-Pass-1', domain: 'acme', fetch: s.fetch });
    const e = await token().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PartnerCenterError);
    expect(e).toMatchObject({
      status: 401,
      operationId: 'KeystoneCreateUserTokenByPassword',
      errorMsg: 'The username or password is wrong.',
    });
    expect(`${(e as Error).message} ${JSON.stringify(e)}`).not.toContain('Secret-Pass-1');
  });
});
