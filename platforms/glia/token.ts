import { platformRejected } from '../../lib/failures';
import { callHttp } from '../../lib/http';

export const GLIA_ACCEPT = 'application/vnd.salemove.v1+json';

interface Token {
  value: string;
  expiresAt: number;
}

/** Glia's docs give no token lifetime; a token is kept this long unless its answer says otherwise or it is refused. */
const ASSUMED_LIFETIME_MS = 30 * 60_000;
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Operator API tokens (`POST /operator_authentication/tokens { api_key_id, api_key_secret }`),
 * kept in worker memory per base URL and key until shortly before they expire, and forgotten when
 * Glia answers 401 to one. Concurrent callers share one token request.
 */
export class GliaTokens {
  private readonly tokens = new Map<string, Promise<Token>>();

  async token(baseUrl: string, apiKeyId: string, apiKeySecret: string): Promise<string> {
    const key = `${baseUrl}|${apiKeyId}`;
    const cached = this.tokens.get(key);
    const token = cached ? await cached.catch(() => undefined) : undefined;
    if (token && token.expiresAt > Date.now()) return token.value;
    if (this.tokens.get(key) === cached) {
      const request = this.request(baseUrl, apiKeyId, apiKeySecret);
      this.tokens.set(key, request);
      request.catch(() => {
        if (this.tokens.get(key) === request) this.tokens.delete(key);
      });
    }
    return (await this.tokens.get(key)!).value;
  }

  forget(baseUrl: string, apiKeyId: string): void {
    this.tokens.delete(`${baseUrl}|${apiKeyId}`);
  }

  private async request(baseUrl: string, apiKeyId: string, apiKeySecret: string): Promise<Token> {
    const answer = await callHttp(
      `${baseUrl}/operator_authentication/tokens`,
      { body: { api_key_id: apiKeyId, api_key_secret: apiKeySecret }, headers: { accept: GLIA_ACCEPT } },
      platformRejected,
      'Glia: operator token',
    );
    const body = answer.json as { token?: string; expires_in?: number; expires_at?: string } | undefined;
    if (!body?.token) throw platformRejected('Glia: operator token: the answer has no token');
    const expiresAt = body.expires_at ? Date.parse(body.expires_at) : Date.now() + (body.expires_in ? body.expires_in * 1_000 : ASSUMED_LIFETIME_MS);
    return { value: body.token, expiresAt: (Number.isFinite(expiresAt) ? expiresAt : Date.now() + ASSUMED_LIFETIME_MS) - EXPIRY_MARGIN_MS };
  }
}
