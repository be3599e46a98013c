/** The coupons aggregate: its state, commands, views and invariants. */
export * from './coupons.js';
