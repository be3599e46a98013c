/** The leads aggregate: its state, commands, views and invariants. */
export * from './leads.js';
