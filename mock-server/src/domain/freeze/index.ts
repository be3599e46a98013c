/** The freeze aggregate: its state, commands, views and invariants. */
export * from './freeze.js';
export * from './console-freeze.js';
