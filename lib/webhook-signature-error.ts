/** Thrown when a webhook's signature is missing, malformed, stale or does not verify. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
}
