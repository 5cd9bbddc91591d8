export { handoffWorkflow } from './handoff';
export { endChatWorkflow } from './end-chat';
