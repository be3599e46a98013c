/** The coupons aggregate: its state, commands, views and invariants. */
export * from './state.js';
export { expire, reclaimCustomerCoupons } from './lifecycle.js';
export * from './commands.js';
export * from './queries.js';
export * from './views.js';
export * from './control.js';
export * from './invariants.js';
export * from './batch-reclaim.js';
export * from './withdrawal.js';
export * from './pickup-state.js';
export * from './pickup-commands.js';
export * from './pickup-invariants.js';
