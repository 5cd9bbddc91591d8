export * from './contract.js';
export * from './errors.js';
export * from './handoff-client.js';
export * from './callback-signature.js';
export * from './seen-events.js';
export * from './callback-receiver.js';
export * from './callback-http.js';
