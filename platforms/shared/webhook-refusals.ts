/** The pipeline's answers to a genuine-looking delivery it must not apply: too old, or already taken. */
import { ApiError } from '../../lib/api-errors';

/**
 * Thrown when a webhook delivery is dated outside the freshness window (too old, or too far in the
 * future), or carries no date where its platform always sends one; the pipeline answers 401.
 */
export class WebhookStaleError extends ApiError {
  override readonly name = 'WebhookStaleError';
  constructor(message: string) {
    super(401, 'webhook_stale', message);
  }
}

/**
 * Thrown when every event of a webhook delivery was already accepted (a replayed delivery, or a
 * redelivery after a lost answer); the pipeline answers 401 and the events are not applied again.
 */
export class WebhookReplayedError extends ApiError {
  override readonly name = 'WebhookReplayedError';
  constructor(message: string) {
    super(401, 'webhook_replayed', message);
  }
}
