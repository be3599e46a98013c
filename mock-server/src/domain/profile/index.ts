/** The partner profile page of the console: profile settings with the gate switch and the withdrawable rebate. */
export * from './profile.js';
export * from './views.js';
