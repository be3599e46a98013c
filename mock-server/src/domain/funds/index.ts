/** The funds aggregate: its state, commands, views and invariants. */
export * from './funds.js';
