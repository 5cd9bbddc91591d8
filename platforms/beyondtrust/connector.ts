/**
 * BeyondTrust Remote Support. url mode: the click-to-chat `start_session` URL. api mode: an OAuth
 * client-credentials token, then `generate_session_key` in the configured queue; the user is linked
 * to the returned key URL and chats in BeyondTrust's own client (no agent events come back).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { BeyondTrustOptions } from './options';
import { resolveSecret } from '../../lib/secret-ref';
import type { HandoffContext, PlatformConnector, QueuePlacement } from '../connector';
import { readableRefusal, readSessionKey } from './session-key-answer';
import { configurationError, platformRejected } from '../../lib/failures';
import { cutToCharacters, cutToUtf8Bytes } from '../../lib/fit-utterance';
import { callHttp, type HttpAnswer } from '../../lib/http';
import { ClientCredentialsTokens, type ClientCredentials } from '../../lib/oauth-client-credentials';
import { withQuery } from '../../lib/query-string';
import { redirectUrlWithin } from '../shared/redirect-url';
import { placeholderValues, renderTemplate, type PlaceholderValues } from '../shared/url-template';

/** Documented limits: `customer.details` 1,024 bytes, each custom field 1,024 characters. */
const DETAILS_MAX_BYTES = 1_024;
const CUSTOM_FIELD_MAX_CHARS = 1_024;

export interface BeyondTrustConnectorOptions {
  /** Where `${ENV}` references in the options are resolved. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export function beyondTrustConnector({ env = process.env }: BeyondTrustConnectorOptions = {}): PlatformConnector<BeyondTrustOptions, 'url' | 'api'> {
  const tokens = new ClientCredentialsTokens('BeyondTrust');
  const customFields = (options: BeyondTrustOptions, values: PlaceholderValues) =>
    Object.entries(options.customFields).map(
      ([name, template]) => [`session.custom.${name}`, cutToCharacters(renderTemplate(template, values), CUSTOM_FIELD_MAX_CHARS)] as const,
    );

  const generateSessionKey = (url: string, form: Record<string, string>, token: string) =>
    callHttp(
      url,
      { form, headers: { authorization: `Bearer ${token}`, accept: 'application/xml, application/json;q=0.9' } },
      (message, details) => platformRejected(readableRefusal(message), details),
      'BeyondTrust: generate_session_key',
    );

  /** A cached token may have been revoked: on a 401 to it, fetch a new one and try once more. */
  const withFreshTokenOn401 = async (credentials: ClientCredentials, call: (token: string) => Promise<HttpAnswer>) => {
    const cached = await tokens.token(credentials);
    try {
      return await call(cached);
    } catch (error) {
      if (!isHttpStatus(error, 401)) throw error;
    }
    tokens.forget(credentials);
    return call(await tokens.token(credentials));
  };

  return {
    url: {
      async buildRedirectUrl(context: HandoffContext<BeyondTrustOptions>): Promise<string> {
        const { options } = context;
        return redirectUrlWithin(context, 'BeyondTrust', options.maxUrlLength, (values) =>
          withQuery(`${options.siteUrl}/api/start_session`, [
            ['issue_menu', '1'],
            ['codeName', options.issueCodeName],
            ['c2cjs', '1'],
            ['customer.name', renderTemplate(options.customerName, values)],
            ['customer.details', cutToUtf8Bytes(renderTemplate(options.customerDetails, values), DETAILS_MAX_BYTES)],
            ['locale', context.request.user.locale ?? options.locale],
            ['session.custom.external_key', context.handoffId],
            ...customFields(options, values),
          ]),
        );
      },
    },

    // No closeSession: the user chats in BeyondTrust's own client, and an unused key lapses by its ttl.
    api: {
      async placeInQueue(context: HandoffContext<BeyondTrustOptions>): Promise<QueuePlacement> {
        const { options } = context;
        if (!options.auth)
          throw configurationError(`BeyondTrust: profile "${context.profileName}" needs platformOptions.auth (clientId, clientSecret) for api mode`);
        const credentials = {
          tokenUrl: `${options.siteUrl}/oauth2/token`,
          clientId: resolveSecret(options.auth.clientId, env),
          clientSecret: resolveSecret(options.auth.clientSecret, env),
        };
        const form: Record<string, string> = {
          action: 'generate_session_key',
          type: 'support',
          queue_id: options.queue,
          external_key: context.handoffId,
          ...(options.sessionKeyTtlSeconds !== undefined && { ttl: String(options.sessionKeyTtlSeconds) }),
          ...Object.fromEntries(customFields(options, placeholderValues(context)).filter(([, value]) => value !== '')),
        };
        const answer = await withFreshTokenOn401(credentials, (token) => generateSessionKey(`${options.siteUrl}${options.commandPath}`, form, token));
        const key = readSessionKey(answer);
        return {
          session: { key: key.shortKey, data: key.expires ? { expires: key.expires } : {} },
          joinUrl: key.keyUrl,
          queue: { name: options.queue },
        };
      },
    },
  };
}

function isHttpStatus(error: unknown, status: number): boolean {
  return error instanceof ApplicationFailure && (error.details?.[0] as { status?: number } | undefined)?.status === status;
}
