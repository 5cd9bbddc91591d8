export * from './contract';
export * from './errors';
export * from './handoff-client';
export * from './callback-signature';
export * from './seen-events';
export * from './callback-receiver';
