/**
 * Typed client of the mock's control surface (spec/mock-control.yaml), over HTTP or straight into an engine.
 * It is the only way tests reach the mock's state; it never calls the real API's paths.
 */
import createFetchClient from 'openapi-fetch';
import type { Engine } from '../engine.js';
import type { components, paths } from '../generated/control/schema.js';

type C = components['schemas'];

/** Where the control client sends requests: a base URL (standalone mock) or an engine (in-process). */
export type ControlTarget = { baseUrl: string; fetch?: (request: Request) => Promise<Response> } | { engine: Engine };

/** Control calls answer a `{error_code, error_msg}` body on failure; this carries it. */
export class MockControlError extends Error {
  override name = 'MockControlError';
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`mock control call failed: HTTP ${status} ${JSON.stringify(body)}`);
  }
}

/** The control surface's operations. */
export interface MockControlClient {
  /** Liveness and the spec revision. */
  health(): Promise<C['Health']>;
  /** Back to the seed state. */
  reset(): Promise<void>;
  /** The virtual time. */
  clock(): Promise<C['Clock']>;
  /** Jump to an instant, optionally freezing the clock there. */
  setClock(now: Date | string, options?: { frozen?: boolean }): Promise<C['Clock']>;
  /** Move the clock forward by seconds. */
  advanceClock(seconds: number): Promise<C['Clock']>;
  /** Codes the mock sent, newest first; optionally only to one receiver. */
  sentCodes(receiver?: string): Promise<C['SentCode'][]>;
  /** The newest code sent to a receiver (throws when none). */
  latestCode(receiver: string): Promise<string>;
  /** Partners with their credentials. */
  partners(): Promise<C['Partner'][]>;
}

/** Creates a control client. */
export function createControlClient(target: ControlTarget): MockControlClient {
  const raw = createFetchClient<paths>(
    'engine' in target
      ? { baseUrl: 'http://mock.invalid', fetch: (r: Request) => target.engine.handle(r) }
      : { baseUrl: target.baseUrl, fetch: (r: Request) => (target.fetch ?? globalThis.fetch)(r) },
  );
  const unwrap = <T>(r: { data?: T; error?: unknown; response: Response }): T => {
    if (!r.response.ok) throw new MockControlError(r.response.status, r.error);
    return r.data as T;
  };
  return {
    health: async () => unwrap(await raw.GET('/_mock/health')),
    reset: async () => void unwrap(await raw.POST('/_mock/reset')),
    clock: async () => unwrap(await raw.GET('/_mock/clock')),
    setClock: async (now, options = {}) =>
      unwrap(await raw.PUT('/_mock/clock', { body: { now: typeof now === 'string' ? now : now.toISOString(), ...options } })),
    advanceClock: async (seconds) => unwrap(await raw.POST('/_mock/clock/advance', { body: { seconds } })),
    sentCodes: async (receiver) => unwrap(await raw.GET('/_mock/verification-codes', { params: { query: receiver ? { receiver } : {} } })).codes,
    latestCode: async (receiver) => {
      const codes = unwrap(await raw.GET('/_mock/verification-codes', { params: { query: { receiver } } })).codes;
      if (!codes[0]) throw new Error(`the mock sent no code to ${receiver}`);
      return codes[0].code;
    },
    partners: async () => unwrap(await raw.GET('/_mock/partners')).partners,
  };
}
