/**
 * Typed client of the mock's control surface (spec/mock-control.yaml), over HTTP or straight into an engine.
 * One method per control operation, generated from the spec's table (`AdvanceClock` → `advanceClock`), plus a few
 * conveniences. It never calls the real API's paths.
 */
import type { CallOptions } from '@partner-center/sdk';
import createFetchClient, { type Client } from 'openapi-fetch';
import type { RequestHandler } from '../http/pipeline.js';
import type { ControlMethods } from '../generated/control/methods.js';
import { methodNames, operations } from '../generated/control/operations.js';

/** Where the control client sends requests: a base URL (standalone mock) or an engine (in-process). */
export type ControlTarget =
  | { baseUrl: string; fetch?: (request: Request) => Promise<Response>; headers?: Record<string, string> }
  | { engine: RequestHandler; headers?: Record<string, string> };

/** A failed control call, with the `{error_code, error_msg}` body the mock answered. */
export class MockControlError extends Error {
  override name = 'MockControlError';
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`mock control call failed: HTTP ${status} ${JSON.stringify(body)}`);
  }
}

/**
 * The control surface: one method per control operation (generated from spec/mock-control.yaml with its summary,
 * method and path, notes, error codes and guide, so each is listed and shown on hover), plus conveniences.
 */
export interface MockControlClient extends ControlMethods {
  /** The newest code the mock sent to a receiver (throws when none). */
  latestCode(receiver: string): Promise<string>;
}

/** Creates a control client. */
export function createControlClient(target: ControlTarget): MockControlClient {
  // JSON on every call, bodiless POSTs included: the mock refuses a control POST a browser could send cross-site.
  const headers = { 'Content-Type': 'application/json', ...target.headers };
  const raw: Client<Record<string, never>> = createFetchClient(
    'engine' in target
      ? { baseUrl: 'http://mock.invalid', fetch: (r: Request) => target.engine.handle(r), headers }
      : {
          baseUrl: target.baseUrl,
          fetch: (r: Request) => (target.fetch ?? globalThis.fetch)(r),
          headers,
        },
  );
  // Keyed by the generated interface's method names: a runtime name the interface lacks does not compile (both
  // come from spec/mock-control.yaml, so the interface has no method the loop leaves out).
  const client: Partial<Record<keyof ControlMethods, (input?: unknown, options?: CallOptions) => Promise<unknown>>> =
    {};
  for (const op of Object.values(operations)) {
    client[methodNames[op.operationId]] = async (input?: unknown, options: CallOptions = {}) => {
      const { data, error, response } = await raw.request(
        op.method.toLowerCase() as never,
        op.path as never,
        {
          body: op.body ? (input ?? {}) : undefined,
          params: { query: op.query ? (input as Record<string, unknown>) : undefined },
          signal: options.signal,
          headers: options.headers,
        } as never,
      );
      if (!response.ok) throw new MockControlError(response.status, error);
      return data;
    };
  }
  const typed = client as MockControlClient;
  typed.latestCode = async (receiver) => {
    const { codes } = await typed.listSentCodes({ receiver });
    if (!codes[0]) throw new Error(`the mock sent no code to ${receiver}`);
    return codes[0].code;
  };
  return typed;
}
