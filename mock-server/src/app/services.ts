/**
 * The app's services: tenant creation and deletion, scenarios with rollback, and the {@link MockServices} the
 * control operations of tenants, faults, scenarios and the request journal reach (operations/services.ts).
 */
import { fail, ok, type Result } from '../kernel/result.js';
import { partnerView } from '../operations/control.js';
import { apiHandlerFor } from '../operations/api.js';
import type { MockServices } from '../operations/context.js';
import type { components } from '../generated/control/schema.js';
import type { Commands } from './commands.js';
import { scenarioSpec, type ScenarioResult, type ScenarioSpec } from './scenarios/builder.js';
import { applyScenario } from './scenarios/run.js';
import { newTenantSeed } from './tenant-seeds.js';
import { DEFAULT_TENANT, type LiveTenant, type Tenant, type TenantRegistry } from './tenants.js';
import type { TimeSource } from './time.js';
import { loadWorld, saveWorld } from './world-serial.js';

type C = components['schemas'];

/** What the services work on. */
export interface AppParts {
  tenants: TenantRegistry;
  commands: Commands;
  time: TimeSource;
}

/** Creates a tenant with fresh partners and credentials, optionally seeded; throws when its scenario fails. */
export function createTenant(
  app: AppParts,
  o: { name?: string; seed?: number; scenario?: ScenarioSpec } = {},
): { tenant: Tenant; scenario?: ScenarioResult } {
  const seed = newTenantSeed(app.tenants.default().seed, o.name, o.seed);
  app.commands.run({ kind: 'tenant', tenant: seed.id, at: app.time.now(), seed });
  const tenant = app.tenants.get(seed.id)!;
  if (!o.scenario) return { tenant };
  const r = app.commands.run({
    kind: 'control',
    tenant: seed.id,
    at: app.time.now(),
    operation: 'ApplyScenario',
    input: o.scenario,
  });
  if (!r.ok) {
    deleteTenant(app, seed.id);
    throw new Error(`scenario failed: ${r.error.code} ${r.error.message}`);
  }
  return { tenant, scenario: r.value as ScenarioResult };
}

/** Deletes a tenant; false for the default tenant or an unknown one. */
export function deleteTenant(app: AppParts, id: string): boolean {
  if (id === DEFAULT_TENANT || !app.tenants.get(id)) return false;
  app.commands.run({ kind: 'drop', tenant: id, at: app.time.now() });
  return true;
}

/** Applies a scenario whole or not at all: on a refused step the World is restored. */
export function applyAtomically(app: AppParts, tenant: LiveTenant, spec: ScenarioSpec): Result<ScenarioResult> {
  const backup = saveWorld(tenant.world);
  const r = applyScenario(tenant.world, spec);
  if (!r.ok) tenant.world = loadWorld(backup, app.time);
  return r;
}

/** CreateTenant's answer: the tenant, its partners with credentials, and what its scenario made. */
function createTenantFromInput(app: AppParts, body: C['CreateTenantRequest']): Result<C['Tenant']> {
  let spec: ScenarioSpec | undefined;
  if (body.scenario) {
    const s = scenarioSpec(body.scenario);
    if (!s.ok) return s;
    spec = s.value;
  }
  let created: ReturnType<typeof createTenant>;
  try {
    created = createTenant(app, {
      ...(body.name ? { name: body.name } : {}),
      ...(body.seed !== undefined ? { seed: body.seed } : {}),
      ...(spec ? { scenario: spec } : {}),
    });
  } catch (e) {
    return fail('CBC.0100', (e as Error).message);
  }
  return ok({
    tenant_id: created.tenant.id,
    name: created.tenant.name,
    control_token: created.tenant.controlToken!,
    header: { name: 'X-Mock-Tenant', value: created.tenant.id },
    partners: [...created.tenant.world.partners.values()].map(partnerView),
    ...(created.scenario ? { scenario: created.scenario } : {}),
  });
}

/** The services as the control operations of one tenant see them. */
export function servicesFor(app: AppParts, tenant: LiveTenant): MockServices {
  return {
    isOperation: (id) => apiHandlerFor(id) !== undefined,
    listTenants: () => app.tenants.list(),
    createTenant: (input) => createTenantFromInput(app, input),
    deleteTenant: (id) => deleteTenant(app, id),
    applyScenario: (input) => {
      const spec = scenarioSpec(input);
      return spec.ok ? applyAtomically(app, tenant, spec.value) : spec;
    },
    addFault: (input) => tenant.faults.add(input),
    listFaults: () => ({ faults: tenant.faults.list() }),
    clearFaults: (faultId) => tenant.faults.remove(faultId),
    listRequests: (query) => tenant.requests.list(query),
  };
}
