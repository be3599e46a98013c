/** The associations aggregate: its state, commands, views and invariants, and the settling of a partner change. */
export * from './state.js';
export * from './settle.js';
export * from './standing.js';
export * from './requests.js';
export * from './decisions.js';
export * from './views.js';
export * from './invariants.js';
