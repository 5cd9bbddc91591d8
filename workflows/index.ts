export { handoffWorkflow } from './handoff';
