/** The budgets aggregate: its state, commands, views and invariants. */
export * from './budgets.js';
