/**
 * The demo bot reaches Handoff as any bot does, through `@handoff/client`; Handoff's answers become
 * the demo's own errors here, so its page shows the same status, code and words.
 */
import { HandoffApiError, HandoffRequestInvalidError, HandoffUnreachableError } from '../../clients/typescript/src/index.js';
import { ApiError, UnavailableError, ValidationError } from '../../lib/api-errors';

export { HandoffApiError, HandoffClient, SIGNATURE_HEADER, verifyCallback } from '../../clients/typescript/src/index.js';

export function asDemoError(error: unknown): unknown {
  if (error instanceof HandoffApiError) return new ApiError(error.status, error.code, error.message, error.details);
  if (error instanceof HandoffUnreachableError) return new UnavailableError('Handoff did not answer the bot; is the API running?', 'handoff_unreachable');
  if (error instanceof HandoffRequestInvalidError) return new ValidationError(error.message, error.issues);
  return error;
}
