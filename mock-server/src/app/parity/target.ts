/**
 * What a replay talks to: a mock's base URL and, for an in-process engine, its fetch. Everything goes through the
 * mock's public surfaces (the real API's paths, signed as a partner, and the control surface under `/_mock/`), so a
 * replay runs the same against this mock, a standalone one, or another version of it.
 */

/** A mock to replay against. */
export interface ParityTarget {
  /** Base URL (`http://127.0.0.1:4010`; any origin for an in-process engine). */
  baseUrl: string;
  /** The fetch to use (`(r) => engine.handle(r)` in-process); default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
}

/** A failed control call. */
export class ParityControlError extends Error {
  override name = 'ParityControlError';
}

/** Calls the control surface of one tenant (the default tenant when `tenantId` is absent). */
export function controlOf(target: ParityTarget, tenantId?: string) {
  const base = target.baseUrl.replace(/\/+$/, '');
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (tenantId) headers['x-mock-tenant'] = tenantId;
    const request = new Request(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const response = await (target.fetch ?? globalThis.fetch)(request);
    const text = await response.text();
    if (!response.ok) throw new ParityControlError(`${method} ${path}: HTTP ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** A control caller bound to one tenant. */
export type Control = ReturnType<typeof controlOf>;
