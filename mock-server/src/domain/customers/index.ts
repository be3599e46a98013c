/** The customers aggregate: registration, the customer list and its entries. */
export type { CustomersWorld } from './state.js';
export * from './registration.js';
export * from './queries.js';
export * from './views.js';
