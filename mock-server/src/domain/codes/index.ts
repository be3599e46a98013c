/** The codes aggregate: its state, commands, views and invariants. */
export * from './codes.js';
export * from './gate.js';
