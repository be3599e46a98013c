/**
 * @partner-center/mock: a stateful mock of the Huawei Cloud Partner Center API, in-process through MSW or as a
 * standalone HTTP server, with a control surface for tests.
 * @packageDocumentation
 */
import type { HttpHandler } from 'msw';
import { createMswHandlers, defaultMockOrigins } from './adapters/msw.js';
import { startNodeServer, type RunningServer } from './adapters/node-http.js';
import { createControlClient, type MockControlClient } from './control/client.js';
import { createEngine, type Engine, type MockOptions } from './engine.js';

export { createEngine } from './engine.js';
export type { Engine, MockOptions } from './engine.js';
export { createMswHandlers, defaultMockOrigins } from './adapters/msw.js';
export { startNodeServer } from './adapters/node-http.js';
export type { RunningServer } from './adapters/node-http.js';
export { createControlClient, MockControlError } from './control/client.js';
export type { MockControlClient, ControlTarget } from './control/client.js';
export { demoPartners, defaultSettings } from './domain/state.js';
export type { Partner, PartnerRole, Settings } from './domain/state.js';

/** An in-process mock: its engine, MSW handlers for its origins, and a control client wired to it. */
export interface Mock {
  engine: Engine;
  /** Pass to `setupServer(...mock.handlers)`. */
  handlers: HttpHandler[];
  /** Control surface, called straight into the engine. */
  control: MockControlClient;
  /** Serves this same engine over HTTP too. */
  listen(options?: { host?: string; port?: number }): Promise<RunningServer>;
}

/** Creates an isolated mock. `origins` are the base URLs its MSW handler answers for (default: the real hosts). */
export function createMock(options: MockOptions & { origins?: string[] } = {}): Mock {
  const engine = createEngine(options);
  return {
    engine,
    handlers: createMswHandlers(engine, options.origins ?? defaultMockOrigins),
    control: createControlClient({ engine }),
    listen: (o) => startNodeServer(engine, o),
  };
}
