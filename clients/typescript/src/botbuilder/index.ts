export * from './handoff-middleware.js';
export * from './handoff-status.js';
export * from './agent-activities.js';
export * from './storage-seen-events.js';
export { handoffRequestOf, conversationIdOf, TRANSCRIPT_ATTACHMENT } from './initiation.js';
