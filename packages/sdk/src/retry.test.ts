import { describe, expect, it } from 'vitest';
import { backoff, failedBeforeSending, resolveRetry, retryAfterMs, retryBudget, sleep } from './retry.js';

describe('retry policy', () => {
  it('layers client and call settings over the defaults; false means one attempt', () => {
    expect(resolveRetry()).toMatchObject({ maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 20_000 });
    expect(resolveRetry({ maxAttempts: 5, baseDelayMs: 50 }, { maxAttempts: 2 })).toMatchObject({
      maxAttempts: 2,
      baseDelayMs: 50,
    });
    expect(resolveRetry({ maxAttempts: 5 }, false).maxAttempts).toBe(1);
    expect(resolveRetry(false, { maxAttempts: 4 }).maxAttempts).toBe(4);
    expect(resolveRetry({ maxAttempts: 4 }, { maxAttempts: undefined }).maxAttempts).toBe(4);
  });

  it('waits a full-jitter delay: random × min(max, base·2^(n−1))', () => {
    const at = (random: number, attempt: number) =>
      backoff(resolveRetry({ random: () => random, baseDelayMs: 100, maxDelayMs: 1_000 }), attempt);
    expect([1, 2, 3, 4, 5].map((n) => at(0.999_999, n))).toEqual([99, 199, 399, 799, 999]);
    expect(at(0, 4)).toBe(0);
    expect(at(0.5, 3)).toBe(200);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2024, 0, 1, 0, 0, 0);
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs(new Date(now + 5_000).toUTCString(), now)).toBe(5_000);
    expect(retryAfterMs(new Date(now - 5_000).toUTCString(), now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('bounds retries with a token bucket refilled by answered calls', () => {
    const b = retryBudget(2, 0.5);
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
    b.earn();
    expect(b.take()).toBe(false);
    b.earn();
    expect(b.take()).toBe(true);
    for (let i = 0; i < 10; i++) b.earn();
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
  });

  it('recognises failures that provably happened before the request was sent', () => {
    const undici = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
    expect(failedBeforeSending(undici('ECONNREFUSED'))).toBe(true);
    expect(failedBeforeSending(undici('ENOTFOUND'))).toBe(true);
    expect(failedBeforeSending(undici('UND_ERR_CONNECT_TIMEOUT'))).toBe(true);
    const several = Object.assign(
      new AggregateError([
        Object.assign(new Error(), { code: 'ECONNREFUSED' }),
        Object.assign(new Error(), { code: 'ENETUNREACH' }),
      ]),
      {},
    );
    expect(failedBeforeSending(new TypeError('fetch failed', { cause: several }))).toBe(true);
    // Reset, socket closed, a response timeout, or no code at all: the request may have arrived.
    expect(failedBeforeSending(undici('ECONNRESET'))).toBe(false);
    expect(failedBeforeSending(undici('UND_ERR_SOCKET'))).toBe(false);
    expect(failedBeforeSending(new TypeError('fetch failed'))).toBe(false);
    expect(failedBeforeSending(new DOMException('aborted', 'AbortError'))).toBe(false);
  });

  it('sleeps until the delay, or rejects with the reason when aborted', async () => {
    await expect(sleep(1, undefined)).resolves.toBeUndefined();
    const c = new AbortController();
    const waiting = sleep(60_000, c.signal);
    c.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    await expect(sleep(1, c.signal)).rejects.toThrow('stop');
  });
});
