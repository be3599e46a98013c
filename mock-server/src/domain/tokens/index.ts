/** The tokens aggregate: its state, commands, views and invariants. */
export * from './tokens.js';
