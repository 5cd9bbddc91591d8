/** Thrown when a webhook's signature is missing, malformed, stale or does not verify; the webhook pipeline answers 401. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
}

/**
 * Thrown when what a signature is checked with (a public key, a certificate) cannot be fetched
 * now; the webhook pipeline answers 503 with `code`, so the platform redelivers.
 */
export class SigningMaterialUnavailableError extends Error {
  override readonly name: string = 'SigningMaterialUnavailableError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
