/** The tags aggregate: its state, commands, views and invariants. */
export * from './tags.js';
