/** The resources aggregate: its state, commands, views and invariants. */
export * from './resources.js';
