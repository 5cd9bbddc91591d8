/** Which `why` of `handoff_webhook_rejected_total` a webhook pipeline's refusal is; none for what is not a refusal (a 503). */
import { MalformedRequestError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../lib/api-errors';
import { WebhookReplayedError, WebhookStaleError } from '../platforms/shared/webhook-refusals';
import type { WebhookRejection } from './metric-names';

export function rejectionOf(error: unknown): WebhookRejection | undefined {
  // A delivery that failed verification past the failure limit is answered 429, and counted as what it is.
  if (error instanceof TooManyRequestsError) return rejectionOf(error.cause);
  if (error instanceof WebhookStaleError) return 'stale';
  if (error instanceof WebhookReplayedError) return 'replayed';
  // A forged, unsigned or wrongly keyed delivery, or a missing or wrong shared secret.
  if (error instanceof UnauthorizedError) return 'signature';
  if (error instanceof ValidationError || error instanceof MalformedRequestError) return 'invalid';
  return undefined;
}
