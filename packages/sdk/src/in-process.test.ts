/**
 * The transport's in-process entry (`IN_PROCESS`, what `@partner-center/mock`'s `mock.fetch` offers): the request is
 * handed over as plain values, and everything else a fetch gets (signing, hooks, timeouts, retries, errors) holds.
 */
import { describe, expect, it } from 'vitest';
import type { PartnerClientOptions } from './client.js';
import { NetworkError, PartnerCenterError } from './errors.js';
import { createPartnerClient } from './sites.js';
import { IN_PROCESS, type InProcess, type RequestEvent } from './transport.js';

const AK = 'AKTEST00000000000000';
const SK = 'sk-test-secret-0000000000000000000000000';
const check = { search_type: 'name', search_value: 'acme-01' } as const;

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Request-Id': `req-${status}` },
  });
}

/** A fetch answering `answer`, recording every Request and its body. */
function scripted(answer: () => Response) {
  const requests: Request[] = [];
  const bodies: string[] = [];
  const fetch = async (req: Request) => {
    requests.push(req);
    bodies.push(await req.clone().text());
    return answer();
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
    retry: { random: () => 0.5, sleep: async (ms) => void delays.push(ms) },
  });
  return { c, delays };
}

async function rejection(p: Promise<unknown>): Promise<any> {
  return p.then(
    () => expect.unreachable('the call should have failed'),
    (e: unknown) => e,
  );
}

describe('in-process entry (IN_PROCESS, what mock.fetch offers)', () => {
  /** A fetch offering an in-process entry that answers with `step`; the fetch itself must never be called. */
  function inProcess(step: (seen: Parameters<InProcess>) => Response | Promise<Response>) {
    const seen: Parameters<InProcess>[] = [];
    const entry: InProcess = async (...args) => {
      seen.push(args);
      return step(args);
    };
    const fetch = Object.assign(async (): Promise<Response> => expect.unreachable('the Request path was taken'), {
      [IN_PROCESS]: entry,
    });
    return { fetch, seen };
  }

  it('hands the signed request over as plain values, the same request a fetch would get', async () => {
    const direct = inProcess(() => json(200, { check_result: 'available' }));
    const s = scripted(() => json(200, { check_result: 'available' }));
    const now = () => new Date(Date.UTC(2024, 0, 1));
    const events: RequestEvent[] = [];
    const hooks = { onRequest: (e: RequestEvent) => void events.push(e) };
    const a = client(direct.fetch, { now, hooks, headers: { 'X-Trace': 't1' } });
    const b = client(s.fetch, { now, headers: { 'X-Trace': 't1' } });
    expect(await a.c.checkUserIdentity(check)).toEqual(await b.c.checkUserIdentity(check));
    const [method, url, headers, body] = direct.seen[0]!;
    const req = s.requests[0]!;
    expect([method, url, body]).toEqual([req.method, req.url, s.bodies[0]]);
    expect(headers).toEqual(Object.fromEntries(req.headers));
    expect(headers.authorization).toMatch(/^SDK-HMAC-SHA256 Access=AKTEST/);
    expect(events[0]!.headers.authorization).toBe('[redacted]');
    // The raw client goes the same way, with the bytes it read from openapi-fetch's Request.
    await a.c.raw.POST('/v2/partners/sub-customers/users/check-identity', { body: check });
    expect(new TextDecoder().decode(direct.seen[1]![3] as Uint8Array)).toBe(JSON.stringify(check));
  });

  it('keeps timeouts, retries and error mapping: a deaf entry times out, a 503 is retried, a 400 is an API error', async () => {
    const deaf = inProcess(() => new Promise<Response>(() => {}));
    const e = await rejection(client(deaf.fetch, { timeoutMs: 5 }).c.checkUserIdentity(check, { retry: false }));
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.timedOut).toBe(true);
    let n = 0;
    const flaky = inProcess(() =>
      ++n === 1
        ? json(503, { error_code: 'CBC.0999', error_msg: 'busy' })
        : json(400, { error_code: 'CBC.0100', error_msg: 'bad' }),
    );
    const { c, delays } = client(flaky.fetch);
    const e2 = await rejection(c.checkUserIdentity(check));
    expect(e2).toBeInstanceOf(PartnerCenterError);
    expect([e2.code, e2.attempts, delays.length, flaky.seen.length]).toEqual(['CBC.0100', 2, 1, 2]);
  });
});
