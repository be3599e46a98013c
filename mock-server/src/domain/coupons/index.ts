/** The coupons aggregate: its state, commands, views and invariants. */
export * from './coupons.js';
export * from './batch-reclaim.js';
export * from './withdrawal.js';
export * from './pickup-state.js';
export * from './pickup-commands.js';
export * from './pickup-invariants.js';
