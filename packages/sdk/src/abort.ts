/**
 * `fetch(request)` that settles once `signal` aborts, whatever the fetch implementation does with the request's own
 * signal. A Request follows the signal it was built with only through a weak reference, so a fetch that does not hold
 * the request (a stub, some polyfills) can lose the abort to garbage collection, and some implementations ignore
 * signals altogether: a timeout must not depend on either. Rejects with the signal's reason.
 */
export const fetchUntilAborted = (
  fetch: (request: Request) => Promise<Response>,
  request: Request,
  signal: AbortSignal,
): Promise<Response> =>
  new Promise((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    // The first to settle wins; a fetch that fails after the abort is handled here, never unhandled.
    fetch(request)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', stop));
  });
