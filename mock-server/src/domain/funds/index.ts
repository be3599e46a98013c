/** The funds aggregate: its state, commands, views and invariants. */
export {
  type AdjustOperation,
  type AdjustRecord,
  type AllocationAccount,
  allocatable,
  type BalanceType,
  type CustomerLedgerEntry,
  createFundsState,
  defaultPartnerFunds,
  type FundsSlice,
  type FundsState,
  type FundsWorld,
  type PartnerAccounts,
  type PartnerLedgerEntry,
  peekAccounts,
} from './state.js';
export * from './customer-transfers.js';
export * from './reseller-transfers.js';
export * from './control.js';
export * from './queries.js';
export * from './views.js';
export * from './invariants.js';
export * from './batch.js';
export * from './recharge-state.js';
export * from './recharge.js';
export * from './rebates.js';
