import { createHash } from 'node:crypto';
import { platformRejected } from './failures';
import { callHttp } from './http';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

interface Token {
  value: string;
  expiresAt: number;
}

const DEFAULT_LIFETIME_S = 3_600;
const MAX_EXPIRY_MARGIN_MS = 60_000;

/**
 * OAuth 2 client-credentials tokens (`Authorization: Basic base64(id:secret)`,
 * `grant_type=client_credentials`), kept in worker memory per token URL and credentials until shortly
 * before they expire, and forgotten when the platform answers 401 to one. Concurrent callers share
 * one token request.
 */
export class ClientCredentialsTokens {
  private readonly tokens = new Map<string, Promise<Token>>();

  constructor(
    private readonly platform: string,
    private readonly now: () => number = Date.now,
  ) {}

  async token(credentials: ClientCredentials): Promise<string> {
    const key = cacheKey(credentials);
    const cached = this.tokens.get(key);
    if (cached) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresAt > this.now()) return token.value;
      if (this.tokens.get(key) === cached) this.tokens.delete(key);
    }
    let pending = this.tokens.get(key);
    if (!pending) {
      const request = this.request(credentials);
      request.catch(() => {
        if (this.tokens.get(key) === request) this.tokens.delete(key);
      });
      this.tokens.set(key, request);
      pending = request;
    }
    return (await pending).value;
  }

  forget(credentials: ClientCredentials): void {
    this.tokens.delete(cacheKey(credentials));
  }

  private async request({ tokenUrl, clientId, clientSecret }: ClientCredentials): Promise<Token> {
    const answer = await callHttp(
      tokenUrl,
      { form: { grant_type: 'client_credentials' }, headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` } },
      platformRejected,
      `${this.platform}: OAuth token`,
    );
    const body = answer.json as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (typeof body?.access_token !== 'string' || body.access_token === '') {
      throw platformRejected(`${this.platform}: OAuth token: the answer has no access_token`);
    }
    const lifetimeMs = (typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_LIFETIME_S) * 1_000;
    return { value: body.access_token, expiresAt: this.now() + lifetimeMs - Math.min(MAX_EXPIRY_MARGIN_MS, lifetimeMs / 10) };
  }
}

/** Per client and secret, so a rotated or different secret never reuses another's token. */
function cacheKey({ tokenUrl, clientId, clientSecret }: ClientCredentials): string {
  return `${tokenUrl}|${clientId}|${createHash('sha256').update(clientSecret).digest('base64url')}`;
}
