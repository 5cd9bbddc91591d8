import { definePlatform } from '../define';
import { beyondTrustConnector } from './connector';
import { BeyondTrustOptionsSchema } from './options';

/** BeyondTrust Remote Support: click-to-chat (url mode) and session keys (api mode); no agent events come back. */
export const beyondTrust = definePlatform({
  id: 'beyondtrust',
  name: 'BeyondTrust',
  modes: ['url', 'api'],
  options: BeyondTrustOptionsSchema,
  // Click-to-chat fills the front-end's start_session parameters; the session key is made through the command API.
  optionModes: {
    issueCodeName: ['url'],
    customerName: ['url'],
    customerDetails: ['url'],
    locale: ['url'],
    maxUrlLength: ['url'],
    auth: ['api'],
    queue: ['api'],
    sessionKeyTtlSeconds: ['api'],
    commandPath: ['api'],
  },
  connector: ({ env }) => beyondTrustConnector({ env }),
  docs: [
    {
      label: '`beyondtrust`, click-to-chat',
      modes: ['url'],
      configurationKeys: '`platformOptions.{siteUrl, issueCodeName, customerName, customerDetails, locale, customFields, maxUrlLength}`',
      checkedAgainst: 'official docs (`/api/start_session`, `customer.details` ≤ 1,024 bytes, `session.custom.*`)',
    },
    {
      label: '`beyondtrust`, session key',
      modes: ['api'],
      configurationKeys: '`platformOptions.{siteUrl, auth.{clientId, clientSecret}, queue, sessionKeyTtlSeconds, customFields, commandPath}`',
      checkedAgainst:
        "official docs (`/oauth2/token`, `generate_session_key`, `queue_id`); the answer's element names are unknown, so XML (`short_key`, `key_url`) and JSON forms are both read",
      notes: "BeyondTrust's `auth` is needed only in api mode, so its absence fails the handoff with a `ConfigurationError` rather than start-up.",
    },
  ],
});
