import { describe, expect, it, vi } from 'vitest';
import { abortable } from './abort.js';

describe('abortable', () => {
  it('answers with the fetch when it answers first, and leaves its signal alone', async () => {
    const [signal, , until] = abortable();
    const res = await until(async () => new Response('ok'));
    expect(await res.text()).toBe('ok');
    expect(signal.aborted).toBe(false);
  });

  it('rejects with the reason when aborted, even if the fetch ignores every signal, and aborts the signal', async () => {
    const [signal, abort, until] = abortable();
    const deaf = () => new Promise<Response>(() => {});
    const pending = until(deaf);
    abort(new DOMException('timeout', 'TimeoutError'));
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('does not call the fetch once aborted', async () => {
    const [, abort, until] = abortable();
    abort(new DOMException('gone', 'AbortError'));
    const fetch = vi.fn(async () => new Response('ok'));
    await expect(until(fetch)).rejects.toMatchObject({ name: 'AbortError' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('rejects when the fetch throws rather than rejects', async () => {
    const [, , until] = abortable();
    await expect(
      until(() => {
        throw new TypeError('bad header');
      }),
    ).rejects.toThrow('bad header');
  });

  it('leaves no unhandled rejection when the losing fetch fails later, and ignores an abort after the answer', async () => {
    const [, abort, until] = abortable();
    let fail!: (e: unknown) => void;
    const late = () => new Promise<Response>((_, reject) => (fail = reject));
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const pending = until(late);
      abort(new Error('stop'));
      await expect(pending).rejects.toThrow('stop');
      fail(new TypeError('socket closed'));
      const [, abortLate, untilAnswered] = abortable();
      const answered = await untilAnswered(async () => new Response('ok'));
      abortLate(new Error('too late'));
      expect(await answered.text()).toBe('ok');
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('adds no listener to its signal (the abort settles the call itself)', async () => {
    const add = vi.spyOn(AbortSignal.prototype, 'addEventListener');
    try {
      const [, abort, until] = abortable();
      const pending = until(() => new Promise<Response>(() => {}));
      abort(new Error('stop'));
      await expect(pending).rejects.toThrow('stop');
      expect(add).not.toHaveBeenCalled();
    } finally {
      add.mockRestore();
    }
  });
});
