import type { ServiceNowAuth } from './options';
import { resolveSecret } from '../lib/secret-ref';
import { ticketingRejected } from '../lib/failures';
import { callHttp } from '../lib/http';

interface CachedToken {
  value: string;
  expiresAt: number;
}

const tokens = new Map<string, CachedToken>();
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The `Authorization` header for a ServiceNow instance: Basic, or an OAuth password-grant token
 * (`POST /oauth_token.do`) cached per instance and client until shortly before it expires.
 */
export async function serviceNowAuthorization(instanceUrl: string, auth: ServiceNowAuth, env = process.env): Promise<string> {
  if (auth.type === 'basic') {
    const credentials = `${resolveSecret(auth.username, env)}:${resolveSecret(auth.password, env)}`;
    return `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  const clientId = resolveSecret(auth.clientId, env);
  const cacheKey = `${instanceUrl}|${clientId}`;
  const cached = tokens.get(cacheKey);
  if (cached && cached.expiresAt > Date.now()) return `Bearer ${cached.value}`;
  const answer = await callHttp(
    `${instanceUrl}/oauth_token.do`,
    {
      form: {
        grant_type: 'password',
        client_id: clientId,
        client_secret: resolveSecret(auth.clientSecret, env),
        username: resolveSecret(auth.username, env),
        password: resolveSecret(auth.password, env),
      },
    },
    ticketingRejected,
    'ServiceNow OAuth token',
  );
  const body = answer.json as { access_token?: string; expires_in?: number } | undefined;
  if (!body?.access_token) throw ticketingRejected('ServiceNow OAuth token: the answer has no access_token');
  const lifetimeMs = (body.expires_in ?? 1_800) * 1_000;
  tokens.set(cacheKey, { value: body.access_token, expiresAt: Date.now() + lifetimeMs - EXPIRY_MARGIN_MS });
  return `Bearer ${body.access_token}`;
}

/** Forget a cached token, after the instance answered 401 to it. */
export function forgetServiceNowToken(instanceUrl: string, auth: ServiceNowAuth, env = process.env): void {
  if (auth.type === 'oauth') tokens.delete(`${instanceUrl}|${resolveSecret(auth.clientId, env)}`);
}
