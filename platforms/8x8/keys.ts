import type { JsonWebKey } from 'node:crypto';
import { BoundedMap } from '../../lib/bounded-map';
import { SigningMaterialUnavailableError, WebhookSignatureError } from '../../lib/webhook-signature-error';

/** Thrown when 8x8's key endpoint cannot answer now; the webhook asks 8x8 to redeliver. */
export class SigningKeyUnavailableError extends SigningMaterialUnavailableError {
  override readonly name = 'SigningKeyUnavailableError';
  constructor(message: string) {
    super(message, 'signing_key_unavailable');
  }
}

/** 8x8's public signing keys, fetched from `{baseUrl}/jwk/{kid}/public` and kept by base URL and key id. */
export class EightByEightKeys {
  private readonly keys = new BoundedMap<string, JsonWebKey>(200);

  async keyFor(baseUrl: string, kid: string): Promise<JsonWebKey> {
    const url = `${baseUrl}/jwk/${encodeURIComponent(kid)}/public`;
    const cached = this.keys.get(url);
    if (cached) return cached;
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      throw new SigningKeyUnavailableError(`cannot fetch 8x8 key ${kid}: ${(error as Error).message}`);
    }
    if (response.status === 404) throw new WebhookSignatureError(`8x8 does not know signing key ${kid}`);
    if (!response.ok) throw new SigningKeyUnavailableError(`8x8 key ${kid} answered HTTP ${response.status}`);
    const key = parseJwk(await response.text());
    if (!key) throw new SigningKeyUnavailableError(`8x8 key ${kid} is not a JWK`);
    this.keys.set(url, key);
    return key;
  }
}

/** The API documents the answer as a string holding the JWK; accept the object itself too. */
function parseJwk(text: string): JsonWebKey | undefined {
  try {
    let value: unknown = JSON.parse(text);
    if (typeof value === 'string') value = JSON.parse(value);
    return value && typeof value === 'object' && typeof (value as JsonWebKey).kty === 'string' ? (value as JsonWebKey) : undefined;
  } catch {
    return undefined;
  }
}
