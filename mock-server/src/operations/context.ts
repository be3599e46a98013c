/**
 * What an operation's handler gets and returns, and the typed shape of each dispatch table: a table maps every
 * generated operationId to a handler whose input is that operation's generated input type, so a missing operation,
 * an unknown one, or a handler wired to a domain command taking another input fails `pnpm typecheck`
 * (operations/tables.test-d.ts proves it).
 */
import type { CnOperations, InputOf, IntlOperations } from '@partner-center/sdk';
import type { Result } from '../kernel/result.js';
import type { Customer, Partner } from '../kernel/parties.js';
import type { World } from '../domain/world.js';
import type { components, operations as ControlOperations } from '../generated/control/schema.js';
import type { ApiOperationId, ControlOperationId } from './catalog.js';

type C = components['schemas'];

/** What a real-API handler gets: the state, the authenticated caller and the validated input (defaults applied). */
export interface ApiContext<I = unknown> {
  world: World;
  /** The partner calling, or the partner of the customer calling. */
  partner: Partner;
  /** Set when a customer's token called (customer-side operations). */
  customer?: Customer;
  input: I;
}

/** The validated input of a real-API operation: the China site's, the international site's, or either's. */
export type ApiInput<K extends ApiOperationId> =
  | (K extends keyof CnOperations ? InputOf<CnOperations[K]> : never)
  | (K extends keyof IntlOperations ? InputOf<IntlOperations[K]> : never);

/** A real-API handler of operation K. */
export type ApiHandler<K extends ApiOperationId> = (ctx: ApiContext<ApiInput<K>>) => Result<unknown>;

/** The real-API dispatch table: one handler per operation of either site. */
export type ApiTable = { [K in ApiOperationId]: ApiHandler<K> };

/** What a control handler gets: the addressed tenant's World and the validated input. */
export interface ControlContext<I = unknown> {
  world: World;
  input: I;
  /** Resets the tenant's World (a scenario step gets a no-op: it cannot reset the World it seeds). */
  reset(): void;
  /** The mock's own services (tenants, scenarios, faults, request journal); absent in a scenario step. */
  services?: MockServices;
}

/** The validated input of a control operation. */
export type ControlInput<K extends ControlOperationId> = InputOf<ControlOperations[K]>;

/** A control handler of operation K. */
export type ControlHandler<K extends ControlOperationId> = (ctx: ControlContext<ControlInput<K>>) => Result<unknown>;

/** The control dispatch table: one handler per control operation (console routes included). */
export type ControlTable = { [K in ControlOperationId]: ControlHandler<K> };

/** Part of the control table (the console's, the services'), type-checked handler by handler. */
export type ControlTablePart<K extends ControlOperationId> = { [P in K]: ControlHandler<P> };

/**
 * The services the app layer gives the control operations that need more than a World: the engine's tenants, the
 * addressed tenant's fault rules and request journal, and scenarios (which run with rollback). The app implements
 * it (app/services.ts); operations/services.ts dispatches to it.
 */
export interface MockServices {
  /** Whether an operationId is one the mock answers (fault rules must name one). */
  isOperation(operationId: string): boolean;
  listTenants(): C['Tenants'];
  createTenant(input: C['CreateTenantRequest']): Result<C['Tenant']>;
  /** False when the tenant is unknown or the default one. */
  deleteTenant(tenantId: string): boolean;
  applyScenario(input: C['ScenarioRequest']): Result<C['ScenarioResult']>;
  addFault(input: C['FaultRuleRequest']): C['FaultRule'];
  listFaults(): C['Faults'];
  /** Removes one rule, or all; false when the id is unknown. */
  clearFaults(faultId?: string): boolean;
  listRequests(query: NonNullable<ControlInput<'ListRequests'>>): C['RequestJournal'];
}
