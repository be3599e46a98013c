/**
 * The abort of one request: `signal`, to build the request with; `abort(reason)`, which aborts it; and `until(send)`,
 * which calls `send()` (unless already aborted) and settles as soon as `abort` is called, whatever the fetch
 * implementation does with the request's signal. A Request follows the signal it was built with only through a weak
 * reference, so a fetch that does not hold the request (a stub, some polyfills) can lose the abort to garbage
 * collection, and some implementations ignore signals altogether: a timeout must not depend on either. Rejects with
 * the abort's reason. `abort` settles the pending call itself rather than through an abort listener: a listener on
 * the signal costs more than the rest of an attempt's bookkeeping. (A triple rather than an object: the field names
 * would ship in every bundle.)
 */
export function abortable(): [
  signal: AbortSignal,
  abort: (reason: unknown) => void,
  until: (send: () => Promise<Response>) => Promise<Response>,
] {
  const controller = new AbortController();
  let stop: ((reason: unknown) => void) | undefined;
  return [
    controller.signal,
    (reason) => {
      controller.abort(reason);
      // Rejecting a settled call does nothing: an abort after the answer only stops the reading of its body.
      stop?.(reason);
    },
    (send) =>
      new Promise((resolve, reject) => {
        if (controller.signal.aborted) return reject(controller.signal.reason);
        stop = reject;
        // The first to settle wins; a fetch that fails after the abort is handled here, never unhandled.
        send().then(resolve, reject);
      }),
  ];
}
