/** The partners aggregate: who a console action is for, and the partner profiles Huawei configures. */
export * from './console-partner.js';
export * from './settings.js';
