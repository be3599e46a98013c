/** The associations aggregate: its state, commands, views and invariants. */
export * from './associations.js';
