/** The quotas aggregate: its state, commands, views and invariants. */
export * from './quotas.js';
