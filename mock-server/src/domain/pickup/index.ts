/** The pickup-coupon aggregate (提货券 of government-cloud partners): its state, commands, views and invariants. */
export * from './state.js';
export * from './commands.js';
export * from './invariants.js';
