/**
 * Control operations of the service layer (spec/mock-control.yaml, tag Service, and ListRequests): tenants,
 * scenarios, faults and the request journal. They need more than a World (the engine's tenants, a tenant's fault
 * rules and request log), so the engine passes a `service` object in their context; outside the engine (a scenario
 * step, say) they refuse.
 */
import { fail, ok, type Result } from '../kernel/result.js';
import type { ScenarioResult, ScenarioSpec, ScenarioStep } from '../domain/scenarios.js';
import type { ControlContext } from '../http/control.js';
import type { FaultRuleInput, FaultSet } from './faults.js';
import type { RequestLog } from './requests.js';

/** What the engine gives the service operations about the addressed tenant and the whole mock. */
export interface ServiceControl {
  faults: FaultSet;
  requests: RequestLog;
  /** Whether an operationId is one the mock answers (fault rules must name one). */
  isOperation(operationId: string): boolean;
  listTenants(): { tenant_id: string; name: string; partners: number; customers: number }[];
  createTenant(input: {
    name?: string;
    seed?: number;
    scenario?: { name?: string; steps?: ScenarioStep[] };
  }): Result<unknown>;
  deleteTenant(tenantId: string): boolean;
  applyScenario(input: { name?: string; steps?: ScenarioSpec['steps'] }): Result<ScenarioResult>;
}

type Handler = (ctx: ControlContext) => Result<unknown>;

const withService =
  (h: (service: ServiceControl, input: any) => Result<unknown>): Handler =>
  (ctx) => {
    const service = (ctx as ControlContext & { service?: ServiceControl }).service;
    return service
      ? h(service, ctx.input)
      : fail('CBC.0100', 'This control operation is answered by the mock engine only (not from a scenario step).');
  };

export const serviceControlHandlers: Record<string, Handler> = {
  CreateTenant: withService((s, input) => s.createTenant(input ?? {})),
  ListTenants: withService((s) => ok({ tenants: s.listTenants() })),
  DeleteTenant: withService((s, input) =>
    s.deleteTenant(input.tenant_id)
      ? ok(undefined)
      : fail('CBC.0100', `No tenant ${input.tenant_id}, or it is the default tenant.`),
  ),
  ApplyScenario: withService((s, input) => s.applyScenario(input)),
  AddFault: withService((s, input: FaultRuleInput) =>
    input.operation !== undefined && !s.isOperation(input.operation)
      ? fail('CBC.0100', `${input.operation} is not an operation of the mock.`)
      : ok(s.faults.add(input)),
  ),
  ListFaults: withService((s) => ok({ faults: s.faults.list() })),
  ClearFaults: withService((s, input) =>
    s.faults.remove(input?.fault_id) ? ok(undefined) : fail('CBC.0100', `No fault ${input?.fault_id}.`),
  ),
  ListRequests: withService((s, input) => ok(s.requests.list(input ?? {}))),
};
