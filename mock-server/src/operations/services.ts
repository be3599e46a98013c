/**
 * Control operations of the mock's services (spec/mock-control.yaml, tag Service, and ListRequests): tenants,
 * scenarios, faults and the request journal. They need more than a World, so they call the {@link MockServices} the
 * app puts in their context; without it (a scenario step) they refuse.
 */
import { fail, ok, type Result } from '../kernel/result.js';
import type { ControlContext, ControlTablePart, MockServices } from './context.js';

type ServiceOperationId =
  | 'CreateTenant'
  | 'ListTenants'
  | 'DeleteTenant'
  | 'ApplyScenario'
  | 'AddFault'
  | 'ListFaults'
  | 'ClearFaults'
  | 'ListRequests';

const withServices =
  <I>(h: (services: MockServices, input: I) => Result<unknown>) =>
  (ctx: ControlContext<I>): Result<unknown> =>
    ctx.services
      ? h(ctx.services, ctx.input)
      : fail('CBC.0100', 'This control operation is answered by the mock engine only (not from a scenario step).');

/** The services' part of the control table. */
export const serviceHandlers = {
  CreateTenant: withServices((s, input) => s.createTenant(input ?? {})),
  ListTenants: withServices((s) => ok(s.listTenants())),
  DeleteTenant: withServices((s, input) =>
    s.deleteTenant(input.tenant_id)
      ? ok(undefined)
      : fail('CBC.0100', `No tenant ${input.tenant_id}, or it is the default tenant.`),
  ),
  ApplyScenario: withServices((s, input) => s.applyScenario(input)),
  AddFault: withServices((s, input) =>
    input.operation !== undefined && !s.isOperation(input.operation)
      ? fail('CBC.0100', `${input.operation} is not an operation of the mock.`)
      : ok(s.addFault(input)),
  ),
  ListFaults: withServices((s) => ok(s.listFaults())),
  ClearFaults: withServices((s, input) =>
    s.clearFaults(input?.fault_id) ? ok(undefined) : fail('CBC.0100', `No fault ${input?.fault_id}.`),
  ),
  ListRequests: withServices((s, input) => ok(s.listRequests(input ?? {}))),
} satisfies ControlTablePart<ServiceOperationId>;
