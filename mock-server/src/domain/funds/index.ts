/** The funds aggregate: its state, commands, views and invariants. */
export * from './funds.js';
export * from './batch.js';
export * from './recharge-state.js';
export * from './recharge.js';
export * from './rebates.js';
