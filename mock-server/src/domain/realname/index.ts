/** The realname aggregate: its state, commands, views and invariants. */
export * from './realname.js';
