import { describe, expect, it, vi } from 'vitest';
import { fetchUntilAborted } from './abort.js';

const request = () => new Request('https://bss.example/v2/x', { method: 'POST', body: '{}' });

describe('fetchUntilAborted', () => {
  it('answers with the fetch when it answers first', async () => {
    const controller = new AbortController();
    const res = await fetchUntilAborted(async () => new Response('ok'), request(), controller.signal);
    expect(await res.text()).toBe('ok');
  });

  it('rejects with the reason when the signal aborts, even if the fetch ignores every signal', async () => {
    const controller = new AbortController();
    const deaf = () => new Promise<Response>(() => {});
    const pending = fetchUntilAborted(deaf, request(), controller.signal);
    controller.abort(new DOMException('timeout', 'TimeoutError'));
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('does not call the fetch once the signal has aborted', async () => {
    const controller = new AbortController();
    controller.abort(new DOMException('gone', 'AbortError'));
    const fetch = vi.fn(async () => new Response('ok'));
    await expect(fetchUntilAborted(fetch, request(), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('leaves no unhandled rejection when the losing fetch fails later, and stops listening to the signal', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    let fail!: (e: unknown) => void;
    const late = () => new Promise<Response>((_, reject) => (fail = reject));
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const pending = fetchUntilAborted(late, request(), controller.signal);
      controller.abort(new Error('stop'));
      await expect(pending).rejects.toThrow('stop');
      fail(new TypeError('socket closed'));
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).not.toHaveBeenCalled();
      expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
