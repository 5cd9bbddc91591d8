/**
 * The fields bound to what a process is doing, so every line logged while it is done carries them:
 * a request for one handoff or from one platform's webhook. Deep code (the webhook pipeline, the
 * platforms' adapters, the desk) logs without knowing the request; the logger adds these.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface LogFields {
  handoffId?: string;
  workflowId?: string;
  runId?: string;
  /** A platform's id (`local-desk`, `servicenow`, ...): only ids of known platforms, never a caller's text. */
  platform?: string;
}

const bound = new AsyncLocalStorage<LogFields>();

/** Runs `work` with `fields` on every line logged inside it (and in what it starts), on top of those already bound. */
export function withLogFields<T>(fields: LogFields, work: () => T): T {
  return bound.run({ ...bound.getStore(), ...fields }, work);
}

/** The fields bound where this runs; none outside `withLogFields`. */
export function boundLogFields(): LogFields {
  return bound.getStore() ?? {};
}
