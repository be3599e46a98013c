/**
 * The engine: the app core (tenants, commands and journal, scenarios, faults, request log, self-check; app/core.ts)
 * behind the request pipeline (route → tenant → authenticate → faults → validate → command → journal → self-check →
 * respond; http/pipeline.ts). The MSW handler and the node:http server are thin adapters over it.
 */
import { createCore, type EngineState, type MockOptions } from './app/core.js';
import { createPipeline, type RequestHandler } from './http/pipeline.js';

export type { Drift, MockOptions } from './app/core.js';
export type { Tenant, TenantSeed } from './app/tenants.js';
export { DEFAULT_TENANT } from './app/tenants.js';
export type { HeaderLookup, RawRequest, RequestHandler } from './http/pipeline.js';
export { TENANT_HEADER } from './http/pipeline.js';
export type { RawResponse } from './http/respond.js';

/** A running mock: its request handler and its state. */
export interface Engine extends RequestHandler, EngineState {}

/** Creates an engine with its own, isolated state. */
export function createEngine(options: MockOptions = {}): Engine {
  const core = createCore(options);
  const pipeline = createPipeline(core);
  // The core's pipeline-facing members stay on the object, out of the Engine type.
  return Object.assign(core, pipeline);
}
