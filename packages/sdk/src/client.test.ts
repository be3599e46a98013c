/**
 * The client over a scripted fetch (no mock server): retries, idempotency, timeouts, aborts, hooks, errors,
 * pagination. Backoff waits go through an injected `sleep` that records the delay and returns at once, so no
 * test depends on real time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { computeSignature, parseAuthorization } from './auth/sign.js';
import { createPartnerClient } from './sites.js';
import type { PartnerClientOptions } from './client.js';
import { NetworkError, PartnerCenterError, RequestValidationError, SdkError, type ApiError } from './errors.js';
import { ReconcileError } from './reconcile.js';
import type { RequestEvent, ResponseEvent, RetryEvent } from './transport.js';

const AK = 'AKTEST00000000000000';
const SK = 'sk-test-secret-0000000000000000000000000';

type Step = (req: Request) => Response | Promise<Response>;
const ok =
  (body: unknown = { check_result: 'available' }): Step =>
  () =>
    json(200, body);
const fail =
  (status: number, code: string, headers: Record<string, string> = {}): Step =>
  () =>
    json(status, { error_code: code, error_msg: `failed with ${code}` }, headers);
const drop =
  (code?: string): Step =>
  () => {
    throw new TypeError('fetch failed', code ? { cause: Object.assign(new Error(code), { code }) } : undefined);
  };
function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Request-Id': `req-${status}`, ...headers },
  });
}

/** A fetch answering with the given steps in order (the last one repeats), recording every request. */
function scripted(...steps: Step[]) {
  const requests: Request[] = [];
  const bodies: string[] = [];
  const fetch = async (req: Request) => {
    requests.push(req);
    bodies.push(await req.clone().text());
    return steps[Math.min(requests.length, steps.length) - 1]!(req);
  };
  return { fetch, requests, bodies };
}

/** A client whose waits are recorded, not slept. */
function client(fetch: (r: Request) => Promise<Response>, extra: Partial<PartnerClientOptions> = {}) {
  const delays: number[] = [];
  const c = createPartnerClient({
    credentials: { accessKey: AK, secretKey: SK },
    fetch,
    ...extra,
    retry: { random: () => 0.5, sleep: async (ms) => void delays.push(ms), ...(extra.retry || {}) },
  });
  return { c, delays };
}

const check = { search_type: 'name', search_value: 'acme-01' } as const;
const create = { xaccount_id: 'x-1', xaccount_type: 'acme_IDP', domain_name: 'acme-customer-01' };

async function rejection(p: Promise<unknown>): Promise<any> {
  return p.then(
    () => expect.unreachable('the call should have failed'),
    (e: unknown) => e,
  );
}

describe('retries', () => {
  it('retries 5xx of an idempotent operation, re-signing every attempt with a fresh X-Sdk-Date', async () => {
    const s = scripted(fail(503, 'CBC.0999'), fail(502, 'CBC.0999'), ok());
    let t = Date.UTC(2024, 0, 1, 0, 0, 0);
    const { c, delays } = client(s.fetch, {
      now: () => {
        t += 61_000;
        return new Date(t);
      },
    });
    await expect(c.checkUserIdentity(check)).resolves.toEqual({ check_result: 'available' });
    expect(s.requests).toHaveLength(3);
    const dates = s.requests.map((r) => r.headers.get('X-Sdk-Date'));
    expect(new Set(dates).size).toBe(3);
    for (const [i, r] of s.requests.entries()) {
      const auth = parseAuthorization(r.headers.get('Authorization')!)!;
      expect(auth.signedHeaders).toContain('x-sdk-date');
      const expected = await computeSignature(
        { method: r.method, url: r.url, headers: r.headers, body: s.bodies[i] },
        AK,
        SK,
        auth.signedHeaders,
      );
      expect(auth.signature).toBe(expected.signature);
    }
    // Full jitter with random 0.5 over 200·2^(n−1).
    expect(delays).toEqual([100, 200]);
  });

  it('stops after maxAttempts and reports the last answer with its status, request id and attempt count', async () => {
    const s = scripted(fail(503, 'CBC.0999', { 'X-Request-Id': 'last-one' }));
    const { c } = client(s.fetch);
    const e = await rejection(c.checkUserIdentity(check));
    expect(e).toBeInstanceOf(PartnerCenterError);
    expect({
      status: e.status,
      code: e.code,
      requestId: e.requestId,
      attempts: e.attempts,
      uncertain: e.uncertain,
    }).toEqual({
      status: 503,
      code: 'CBC.0999',
      requestId: 'last-one',
      attempts: 3,
      uncertain: true,
    });
    expect(s.requests).toHaveLength(3);
  });

  it('honours Retry-After on 429, and gives up when it is longer than maxDelayMs', async () => {
    const s = scripted(fail(429, 'CBC.0250', { 'Retry-After': '2' }), ok());
    const { c, delays } = client(s.fetch);
    await c.checkUserIdentity(check);
    expect(delays).toEqual([2_000]);

    const s2 = scripted(fail(429, 'CBC.0250', { 'Retry-After': '120' }), ok());
    const e = await rejection(client(s2.fetch).c.checkUserIdentity(check));
    expect({ status: e.status, code: e.code, attempts: e.attempts, uncertain: e.uncertain }).toEqual({
      status: 429,
      code: 'CBC.0250',
      attempts: 1,
      uncertain: false,
    });
  });

  it('never resends a non-idempotent operation after a 5xx or an ambiguous network failure', async () => {
    for (const step of [fail(500, 'CBC.0999'), fail(503, 'CBC.0999'), drop('ECONNRESET'), drop()]) {
      const s = scripted(step, ok({ domain_id: 'd', domain_name: 'n' }));
      const e = await rejection(client(s.fetch).c.createSubCustomer(create));
      expect(s.requests).toHaveLength(1);
      expect(e).toBeInstanceOf(SdkError);
      expect(e.uncertain).toBe(true);
      expect(e.attempts).toBe(1);
    }
  });

  it('resends a non-idempotent operation when it provably did not arrive: 429 or a refused connection', async () => {
    for (const step of [fail(429, 'CBC.0250'), drop('ECONNREFUSED'), drop('ENOTFOUND')]) {
      const s = scripted(step, ok({ domain_id: 'd', domain_name: 'n' }));
      await expect(client(s.fetch).c.createSubCustomer(create)).resolves.toEqual({ domain_id: 'd', domain_name: 'n' });
      expect(s.requests).toHaveLength(2);
    }
  });

  it('retries network failures of idempotent operations and reports the last one as a NetworkError', async () => {
    const s = scripted(drop(), drop('ECONNRESET'), ok());
    await expect(client(s.fetch).c.checkUserIdentity(check)).resolves.toEqual({ check_result: 'available' });
    const e = await rejection(client(scripted(drop()).fetch).c.checkUserIdentity(check));
    expect(e).toBeInstanceOf(NetworkError);
    expect({ attempts: e.attempts, uncertain: e.uncertain, timedOut: e.timedOut, status: e.status }).toEqual({
      attempts: 3,
      uncertain: true,
      timedOut: false,
      status: undefined,
    });
    expect(e.cause).toBeInstanceOf(TypeError);
  });

  it('takes per-call retry settings over the client ones', async () => {
    const s = scripted(fail(503, 'CBC.0999'));
    const { c } = client(s.fetch, { retry: { maxAttempts: 4 } });
    await rejection(c.checkUserIdentity(check, { retry: false }));
    expect(s.requests).toHaveLength(1);
    await rejection(c.checkUserIdentity(check));
    expect(s.requests).toHaveLength(5);
    await rejection(c.checkUserIdentity(check, { retry: { maxAttempts: 2 } }));
    expect(s.requests).toHaveLength(7);
  });

  it('stops retrying when the client retry budget is spent, and earns it back with answered calls', async () => {
    const s = scripted(fail(503, 'CBC.0999'));
    const { c } = client(s.fetch, { retryBudget: 2, retry: { maxAttempts: 10 } });
    await rejection(c.checkUserIdentity(check));
    expect(s.requests).toHaveLength(3); // first attempt + the 2 retries the budget allows
    await rejection(c.checkUserIdentity(check));
    expect(s.requests).toHaveLength(4); // no token left: no retry

    const s2 = scripted(ok());
    const { c: c2 } = client(async (r) => (s2.requests.length < 5 ? s2.fetch(r) : s.fetch(r)), {
      retryBudget: 1,
      retry: { maxAttempts: 10 },
    });
    for (let i = 0; i < 5; i++) await c2.checkUserIdentity(check); // budget stays full (capped at 1)
    const before = s.requests.length;
    await rejection(c2.checkUserIdentity(check));
    expect(s.requests.length - before).toBe(2);
  });

  it('refreshes a rejected IAM token once and sends again, for any operation', async () => {
    let n = 0;
    let invalidated = 0;
    const token = Object.assign(async () => `MIItoken-${++n}`, { invalidate: () => void invalidated++ });
    const s = scripted(fail(401, 'CBC.0154'), ok({ domain_id: 'd', domain_name: 'n' }));
    const { c } = client(s.fetch, { credentials: { token } });
    await expect(c.createSubCustomer(create)).resolves.toEqual({ domain_id: 'd', domain_name: 'n' });
    expect(s.requests.map((r) => r.headers.get('X-Auth-Token'))).toEqual(['MIItoken-1', 'MIItoken-2']);
    expect(invalidated).toBe(1);

    const always = scripted(fail(401, 'CBC.0154'));
    const e = await rejection(client(always.fetch, { credentials: { token } }).c.createSubCustomer(create));
    expect({ status: e.status, code: e.code }).toEqual({ status: 401, code: 'CBC.0154' });
    expect(always.requests).toHaveLength(2);
  });

  it('signs the security token of temporary AK/SK', async () => {
    const s = scripted(ok());
    await client(s.fetch, {
      credentials: { accessKey: AK, secretKey: SK, securityToken: 'sts-token-value' },
    }).c.checkUserIdentity(check);
    const r = s.requests[0]!;
    expect(r.headers.get('X-Security-Token')).toBe('sts-token-value');
    const auth = parseAuthorization(r.headers.get('Authorization')!)!;
    expect(auth.signedHeaders).toEqual(expect.arrayContaining(['x-sdk-date', 'x-security-token']));
    expect(auth.signature).toBe(
      (
        await computeSignature(
          { method: r.method, url: r.url, headers: r.headers, body: s.bodies[0] },
          AK,
          SK,
          auth.signedHeaders,
        )
      ).signature,
    );
  });
});

describe('reconcile: true', () => {
  const listed = (customers: object[]): Step => ok({ count: customers.length, customer_infos: customers });

  it('reads the records before sending, then takes the one new record for the movement (retries off)', async () => {
    const s = scripted(
      listed([]),
      drop('ECONNRESET'),
      listed([{ customer_id: 'd1', account_name: 'acme-customer-01', xaccount_id: 'x-1' }]),
    );
    const out = await client(s.fetch).c.createSubCustomer(create, { reconcile: true, retry: false });
    expect(out).toEqual({ domain_id: 'd1', domain_name: 'acme-customer-01' });
    expect(s.requests.map((r) => new URL(r.url).pathname)).toEqual([
      '/v2/partners/sub-customers/query',
      '/v2/partners/sub-customers',
      '/v2/partners/sub-customers/query',
    ]);
    expect(JSON.parse(s.bodies[2]!)).toEqual({ account_name: 'acme-customer-01', offset: 0, limit: 100 });
  });

  it('sends again only what consistent records prove did not move; otherwise fails uncertain', async () => {
    const old = { trans_id: 'AD-old', amount: '10.00', customer_id: 'c1' };
    const records = (...r: object[]): Step => ok({ total_count: r.length, records: r });
    const s = scripted(records(old), fail(503, 'CBC.0999'), records(old), ok({ transfer_id: 'AD-new' }));
    await expect(
      client(s.fetch).c.updateCustomerAccountAmount({ customer_id: 'c1', amount: 10 }, { reconcile: true }),
    ).resolves.toEqual({ transfer_id: 'AD-new' });
    expect(s.requests).toHaveLength(4);

    // A dropped connection proves nothing: the service may still be at work on the request.
    const s1 = scripted(records(old), drop('ECONNRESET'), records(old));
    const e1 = await rejection(
      client(s1.fetch).c.updateCustomerAccountAmount({ customer_id: 'c1', amount: 10 }, { reconcile: true }),
    );
    expect(e1).toMatchObject({ name: 'ReconcileError', reason: 'not-found', uncertain: true });
    expect(s1.requests).toHaveLength(3);

    // Sub-customer records are not written with the call (association is asynchronous): no record proves nothing.
    const s2 = scripted(listed([]), drop('ECONNRESET'), listed([]));
    const e = await rejection(client(s2.fetch).c.createSubCustomer(create, { reconcile: true }));
    expect(e).toBeInstanceOf(ReconcileError);
    expect(e).toMatchObject({ reason: 'not-found', uncertain: true });
    expect(e.cause).toBeInstanceOf(NetworkError);
    expect(s2.requests).toHaveLength(3);
  });
});

describe('timeouts and aborts', () => {
  /** A fetch that answers only when its request is aborted (with the abort reason). */
  const hang = (req: Request) =>
    new Promise<Response>((_, reject) => {
      if (req.signal.aborted) return reject(req.signal.reason);
      req.signal.addEventListener('abort', () => reject(req.signal.reason));
    });

  it('gives each attempt its own timer; a timed-out idempotent call is retried, a money movement is not', async () => {
    const s = scripted(hang, ok());
    await expect(client(s.fetch, { timeoutMs: 5 }).c.checkUserIdentity(check)).resolves.toEqual({
      check_result: 'available',
    });
    expect(s.requests).toHaveLength(2);

    const s2 = scripted(hang, ok({ domain_id: 'd', domain_name: 'n' }));
    const e = await rejection(client(s2.fetch, { timeoutMs: 5 }).c.createSubCustomer(create));
    expect(e).toBeInstanceOf(NetworkError);
    expect({ timedOut: e.timedOut, uncertain: e.uncertain, attempts: e.attempts }).toEqual({
      timedOut: true,
      uncertain: true,
      attempts: 1,
    });
    expect(s2.requests).toHaveLength(1);
  });

  it('arms no timer for timeoutMs: Infinity (a timer beyond 2^31 - 1 ms would fire at once); a signal still aborts', async () => {
    const s = scripted(async (req) => {
      // Longer than a clamped timer would wait, then answer unless aborted.
      await new Promise((r) => setTimeout(r, 30));
      if (req.signal.aborted) throw req.signal.reason;
      return new Response(JSON.stringify({ check_result: 'available' }), {
        headers: { 'Content-Type': 'application/json' },
      });
    });
    const c = client(s.fetch, { timeoutMs: Number.POSITIVE_INFINITY }).c;
    await expect(c.checkUserIdentity(check, { retry: false })).resolves.toEqual({ check_result: 'available' });
    await expect(c.checkUserIdentity(check, { timeoutMs: 2 ** 31, retry: false })).resolves.toEqual({
      check_result: 'available',
    });
    const hung = scripted(hang);
    const controller = new AbortController();
    const pending = rejection(
      client(hung.fetch, { timeoutMs: Number.POSITIVE_INFINITY }).c.checkUserIdentity(check, {
        signal: controller.signal,
        retry: false,
      }),
    );
    controller.abort(new Error('stop'));
    expect(await pending).toEqual(new Error('stop'));
  });

  it('times out a fetch that ignores signals altogether (a deaf stub or polyfill)', async () => {
    const deaf = scripted(() => new Promise<Response>(() => {}));
    const e = await rejection(client(deaf.fetch, { timeoutMs: 5 }).c.checkUserIdentity(check, { retry: false }));
    expect(e).toBeInstanceOf(NetworkError);
    expect({ timedOut: e.timedOut, attempts: e.attempts }).toEqual({ timedOut: true, attempts: 1 });
  });

  it('covers reading the answer with the attempt timer: a body that stalls times out', async () => {
    const stalled: Step = (req) =>
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('{"check_result":'));
            if (req.signal.aborted) c.error(req.signal.reason);
            else req.signal.addEventListener('abort', () => c.error(req.signal.reason));
          },
        }),
        { status: 200, headers: { 'Content-Type': 'application/json' } },
      );
    // 50 ms, not 5: the headers must come back before the timer fires, or the attempt times out before the body.
    const e = await rejection(client(scripted(stalled).fetch, { timeoutMs: 50 }).c.checkUserIdentity(check));
    expect(e).toBeInstanceOf(NetworkError);
    expect({ timedOut: e.timedOut, uncertain: e.uncertain, attempts: e.attempts }).toEqual({
      timedOut: true,
      uncertain: true,
      attempts: 1,
    });
    // The raw client reads inside the transport, so a stalled body is retried like any failure of an idempotent call.
    const s = scripted(stalled, ok());
    const r = await client(s.fetch, { timeoutMs: 50 }).c.raw.POST('/v2/partners/sub-customers/users/check-identity', {
      body: check,
    });
    expect(r.data).toEqual({ check_result: 'available' });
    expect(s.requests).toHaveLength(2);
  });

  it('takes a per-call timeout over the client default, each call with its own timer', async () => {
    const s = scripted((req) => (req.headers.get('X-Case') === 'slow' ? hang(req) : ok()(req)));
    const { c } = client(s.fetch, { timeoutMs: 60_000 });
    const [slow, fast] = await Promise.allSettled([
      c.checkUserIdentity(check, { timeoutMs: 5, retry: false, headers: { 'X-Case': 'slow' } }),
      c.checkUserIdentity(check, { headers: { 'X-Case': 'fast' } }),
    ]);
    expect(slow.status === 'rejected' && slow.reason instanceof NetworkError && slow.reason.timedOut).toBe(true);
    expect(fast).toEqual({ status: 'fulfilled', value: { check_result: 'available' } });
  });

  it("rejects with the caller's abort reason, during an attempt or a wait, and sends nothing once aborted", async () => {
    const ctl = new AbortController();
    const s = scripted((req) => {
      queueMicrotask(() => ctl.abort(new DOMException('stopped by caller', 'AbortError')));
      return hang(req);
    });
    const e = await rejection(client(s.fetch).c.checkUserIdentity(check, { signal: ctl.signal }));
    expect(e).toBeInstanceOf(DOMException);
    expect(e.message).toBe('stopped by caller');
    expect(s.requests).toHaveLength(1);

    await rejection(client(s.fetch).c.checkUserIdentity(check, { signal: ctl.signal }));
    expect(s.requests).toHaveLength(1);

    // Aborted while waiting between attempts (the real timer-based sleep).
    const ctl2 = new AbortController();
    const s2 = scripted(fail(503, 'CBC.0999'));
    const c2 = createPartnerClient({
      credentials: { accessKey: AK, secretKey: SK },
      fetch: s2.fetch,
      retry: { baseDelayMs: 3_600_000, random: () => 0.5 },
    });
    const pending = rejection(c2.checkUserIdentity(check, { signal: ctl2.signal }));
    await new Promise((r) => setTimeout(r, 5));
    ctl2.abort(new Error('give up waiting'));
    expect((await pending).message).toBe('give up waiting');
    expect(s2.requests).toHaveLength(1);
  });
});

describe('errors', () => {
  it('names the broken field before sending anything', async () => {
    const s = scripted(ok());
    const e = await rejection(
      client(s.fetch).c.createSubCustomer({ ...create, mobile_phone: '12', verification_code: '123456' }),
    );
    expect(e).toBeInstanceOf(RequestValidationError);
    expect(e.issues.map((i: { field: string }) => i.field)).toContain('mobile_phone');
    expect(e.message).toMatch(/mobile_phone/);
    expect({ attempts: e.attempts, status: e.status, uncertain: e.uncertain }).toEqual({
      attempts: 0,
      status: undefined,
      uncertain: false,
    });
    expect(s.requests).toHaveLength(0);
  });

  it('discriminates service errors by documented code, keeping an undocumented one in rawCode', async () => {
    const documented = await rejection(client(scripted(fail(400, 'CBC.99000038')).fetch).c.createSubCustomer(create));
    expect({
      code: documented.code,
      rawCode: documented.rawCode,
      status: documented.status,
      requestId: documented.requestId,
    }).toEqual({
      code: 'CBC.99000038',
      rawCode: 'CBC.99000038',
      status: 400,
      requestId: 'req-400',
    });
    const undocumented = await rejection(client(scripted(fail(404, 'APIGW.0101')).fetch).c.createSubCustomer(create));
    expect({ code: undocumented.code, rawCode: undocumented.rawCode }).toEqual({
      code: 'UNDOCUMENTED',
      rawCode: 'APIGW.0101',
    });
    expect(undocumented.message).toContain('APIGW.0101');
    const empty = await rejection(
      client(scripted(() => new Response('', { status: 502 })).fetch).c.createSubCustomer(create),
    );
    expect({ code: empty.code, rawCode: empty.rawCode, status: empty.status }).toEqual({
      code: 'UNDOCUMENTED',
      rawCode: '',
      status: 502,
    });
  });

  it('types the code as the union of documented codes, so a switch is checked', () => {
    const describe = (e: ApiError): string => {
      switch (e.code) {
        case 'CBC.99000038':
          expectTypeOf(e.code).toEqualTypeOf<'CBC.99000038'>();
          return 'login name taken';
        // @ts-expect-error -- not a documented code: the compiler refuses it
        case 'CBC.12345':
          return 'never';
        default:
          return e.code;
      }
    };
    const e = new PartnerCenterError({
      operationId: 'X',
      status: 400,
      code: 'CBC.99000038',
      errorMsg: 'taken',
    }) as ApiError;
    expect(describe(e)).toBe('login name taken');
    expectTypeOf<PartnerCenterError['code']>().toEqualTypeOf<ApiError['code']>();
  });
});

describe('hooks and secrets', () => {
  it('tells hooks about requests, answers, retries and failures, never showing a credential', async () => {
    const events: unknown[] = [];
    const token = 'MIIsecret-token-value-0123456789abcdef';
    const s = scripted(fail(503, 'CBC.0999'), ok(), fail(400, 'CBC.0100'));
    const hooks = {
      onRequest: (e: RequestEvent) => void events.push({ request: e }),
      onResponse: (e: ResponseEvent) => void events.push({ response: e }),
      onRetry: (e: RetryEvent) => void events.push({ retry: e }),
      onError: (e: { operationId: string; error: SdkError }) =>
        void events.push({ error: e.error.message, code: (e.error as PartnerCenterError).code }),
    };
    const ak = client(s.fetch, { hooks }).c;
    await ak.checkUserIdentity(check);
    await rejection(ak.checkUserIdentity(check, { retry: false }));
    const tk = client(scripted(drop()).fetch, {
      hooks,
      credentials: { token },
      retry: { maxAttempts: 2, sleep: async () => {} },
    }).c;
    await rejection(tk.createSubCustomer({ ...create, password: 'Very-Secret-9' }));

    expect(events.map((e) => Object.keys(e as object)[0])).toEqual([
      'request',
      'response',
      'retry',
      'request',
      'response',
      'request',
      'response',
      'error',
      'request',
      'error',
    ]);
    expect(events[0]).toMatchObject({
      request: {
        operationId: 'CheckUserIdentity',
        attempt: 1,
        method: 'POST',
        url: 'https://bss.myhuaweicloud.com/v2/partners/sub-customers/users/check-identity',
      },
    });
    expect((events[0] as { request: RequestEvent }).request.headers).toMatchObject({
      authorization: '[redacted]',
      'x-sdk-date': expect.any(String),
    });
    expect(events[1]).toMatchObject({ response: { status: 503, requestId: 'req-503', attempt: 1 } });
    expect(events[2]).toMatchObject({ retry: { attempt: 1, delayMs: 100, reason: 'HTTP 503' } });
    expect(events[7]).toMatchObject({ code: 'CBC.0100' });
    expect((events[8] as { request: RequestEvent }).request.headers['x-auth-token']).toBe('[redacted]');

    const text = JSON.stringify(events);
    for (const secret of [SK, token, 'Very-Secret-9', 'Signature=']) expect(text).not.toContain(secret);
  });

  it('runs openapi-fetch middleware (client.raw.use) once per call, before signing, for the typed methods too', async () => {
    const s = scripted(fail(503, 'CBC.0999'), ok());
    const { c } = client(s.fetch);
    const seen: { auth: string | null; status?: number }[] = [];
    c.raw.use({
      onRequest: ({ request }) => {
        seen.push({ auth: request.headers.get('Authorization') });
        request.headers.set('X-Language', 'en_US');
        return request;
      },
      onResponse: ({ response }) => {
        seen[seen.length - 1]!.status = response.status;
      },
    });
    await c.checkUserIdentity(check);
    expect(seen).toEqual([{ auth: null, status: 200 }]);
    expect(s.requests.map((r) => r.headers.get('X-Language'))).toEqual(['en_US', 'en_US']);
    expect(parseAuthorization(s.requests[1]!.headers.get('Authorization')!)!.signedHeaders).toContain('x-language');
  });

  it('ignores a hook that throws or rejects: a log never fails a call', async () => {
    const s = scripted(ok());
    const hooks = {
      onRequest: () => {
        throw new Error('logger down');
      },
      onResponse: () => Promise.reject(new Error('metrics down')) as unknown as void,
    };
    await expect(client(s.fetch, { hooks }).c.checkUserIdentity(check)).resolves.toEqual({ check_result: 'available' });
  });

  it('keeps credentials out of error text, even when the service echoes them', async () => {
    const token = 'MIIsecret-token-value-0123456789abcdef';
    const echo: Step = (req) =>
      json(400, {
        error_code: 'CBC.0100',
        error_msg: `bad request ${req.headers.get('Authorization')} {"password":"Very-Secret-9"} token ${token}`,
      });
    const e = await rejection(
      client(scripted(echo).fetch).c.createSubCustomer({ ...create, password: 'Very-Secret-9' }),
    );
    const text = `${e.message} ${e.errorMsg} ${JSON.stringify(e)} ${String(e.stack)}`;
    for (const secret of [SK, token, 'Very-Secret-9']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Signature=[0-9a-f]{8}/);
  });
});

describe('pagination', () => {
  /** Pages of `count` customers served from a body-paged operation. */
  const pages =
    (count: number, cap = Infinity, totalField: 'count' | undefined = 'count'): Step =>
    async (req) => {
      const { offset, limit } = (await req.clone().json()) as { offset: number; limit: number };
      const n = Math.max(0, Math.min(limit, cap, count - offset));
      const customer_infos = Array.from({ length: n }, (_, i) => ({ customer_id: `c${offset + i}` }));
      return json(200, totalField ? { count, customer_infos } : { customer_infos });
    };

  it('walks every page of an offset/limit operation, driven by the table (page size = documented maximum)', async () => {
    const s = scripted(pages(250));
    const ids: string[] = [];
    for await (const c of client(s.fetch).c.paginate.listSubCustomers({ account_name: 'acme' }))
      ids.push(c.customer_id);
    expect(ids).toEqual(Array.from({ length: 250 }, (_, i) => `c${i}`));
    expect(s.bodies.map((b) => JSON.parse(b))).toEqual(
      [0, 100, 200].map((offset) => ({ account_name: 'acme', offset, limit: 100 })),
    );
    expectTypeOf<Parameters<typeof client>[0]>().toBeFunction();
  });

  it('advances by the items received when the server caps the page, and starts at the given offset and limit', async () => {
    const s = scripted(pages(25, 7));
    const ids: string[] = [];
    for await (const c of client(s.fetch).c.paginate.listSubCustomers({ offset: 3, limit: 10 }))
      ids.push(c.customer_id);
    expect(ids).toEqual(Array.from({ length: 22 }, (_, i) => `c${i + 3}`));
    expect(s.bodies.map((b) => JSON.parse(b).offset)).toEqual([3, 10, 17, 24]);
  });

  it('stops on a short page when the operation has no total, and on an empty one', async () => {
    const s = scripted(pages(15, Infinity, undefined));
    const seen: unknown[] = [];
    for await (const c of client(s.fetch).c.paginate.listSubCustomers({ limit: 10 })) seen.push(c);
    expect(seen).toHaveLength(15);
    expect(s.requests).toHaveLength(2);
  });

  it('reads query-string paging from the table too', async () => {
    const s = scripted(async (req) => {
      const u = new URL(req.url);
      const offset = Number(u.searchParams.get('offset'));
      const total_count = 3;
      return json(200, { total_count, records: offset < total_count ? [{ trans_id: `t${offset}` }] : [] });
    });
    const ids: string[] = [];
    for await (const r of client(s.fetch).c.paginate.listPartnerAdjustRecords({ customer_id: 'c1', limit: 1 }))
      ids.push(r.trans_id!);
    expect(ids).toEqual(['t0', 't1', 't2']);
    expect(new URL(s.requests[1]!.url).searchParams.get('customer_id')).toBe('c1');
    expect(s.requests.every((r) => r.method === 'GET')).toBe(true);
  });
});

describe('raw client', () => {
  it('shares authentication and retries, classifying the call by method and path', async () => {
    const s = scripted(fail(503, 'CBC.0999'), ok({ domain_id: 'd', domain_name: 'n' }));
    const { c } = client(s.fetch);
    const r = await c.raw.POST('/v2/partners/sub-customers', { body: create as never });
    expect(r.response.status).toBe(503);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]!.headers.get('Authorization')).toMatch(/^SDK-HMAC-SHA256 Access=AKTEST/);
    const s2 = scripted(fail(503, 'CBC.0999'), ok());
    const r2 = await client(s2.fetch).c.raw.POST('/v2/partners/sub-customers/users/check-identity', { body: check });
    expect(r2.data).toEqual({ check_result: 'available' });
  });
});

describe('consumer-facing errors', () => {
  it('refuses empty credentials when the client is created, naming what is missing', () => {
    const make = (credentials: never) => () => createPartnerClient({ credentials });
    expect(make({ accessKey: '', secretKey: SK } as never)).toThrow(/^credentials\.accessKey missing or empty: pass/);
    expect(make({ accessKey: AK, secretKey: ' ' } as never)).toThrow(/^credentials\.secretKey missing or empty/);
    expect(make({ accessKey: undefined, secretKey: undefined } as never)).toThrow(
      /^credentials\.accessKey and credentials\.secretKey missing or empty/,
    );
    expect(make({ token: '' } as never)).toThrow(/^credentials\.token missing or empty/);
    expect(make(undefined as never)).toThrow(/^credentials missing or empty/);
    expect(make({} as never)).toThrow(/^credentials\.accessKey and credentials\.secretKey missing or empty/);
    expect(make({ token: () => 'T' } as never)).not.toThrow();
  });

  it('names the method, host and cause of a network failure, with a hint when nothing listens locally', async () => {
    // A port that was just free: connecting to it is refused.
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    const c = createPartnerClient({
      credentials: { accessKey: AK, secretKey: SK },
      baseUrl: `http://127.0.0.1:${port}`,
      retry: false,
    });
    const e = await rejection(c.checkUserIdentity(check));
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.code).toBe('ECONNREFUSED');
    expect(e.message).toBe(
      `CheckUserIdentity failed: network failure (POST 127.0.0.1:${port}: ECONNREFUSED) after 1 attempt(s); nothing listens on 127.0.0.1:${port}: is the mock running (\`pnpm mock\`)?`,
    );
    const remote = await rejection(
      client(async () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) });
      }).c.checkUserIdentity(check, { retry: false }),
    );
    expect(remote.message).toBe(
      'CheckUserIdentity failed: network failure (POST bss.myhuaweicloud.com: ENOTFOUND) after 1 attempt(s)',
    );
  });

  it('collects every page with paginate.<method>().all()', async () => {
    const s = scripted(async (req) => {
      const { offset } = (await req.json()) as { offset: number };
      return json(200, { count: 3, customer_infos: offset < 3 ? [{ customer_id: `c${offset}` }] : [] });
    });
    const all = await client(s.fetch).c.paginate.listSubCustomers({ limit: 1 }).all();
    expectTypeOf(all[0]!.customer_id).toEqualTypeOf<string>();
    expect(all.map((c) => c.customer_id)).toEqual(['c0', 'c1', 'c2']);
  });
});
