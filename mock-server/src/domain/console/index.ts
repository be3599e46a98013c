/** The console aggregate: its state, commands, views and invariants. */
export * from './console.js';
