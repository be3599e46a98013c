/** The customers aggregate: its state, commands, views and invariants. */
export * from './customers.js';
