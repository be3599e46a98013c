/** The quotas aggregate: its state, commands, views and control changes (its invariants live with the coupons). */
export {
  checkQuotaUsable,
  type Quota,
  type QuotaLimit,
  type QuotaRecord,
  type QuotaStatus,
  type QuotaType,
  type QuotasSlice,
  type QuotasWorld,
  quotaStatus,
} from './state.js';
export * from './commands.js';
export * from './queries.js';
export * from './views.js';
export * from './control.js';
