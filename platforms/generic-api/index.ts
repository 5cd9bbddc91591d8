import { definePlatform } from '../define';
import { genericApiConnector } from './connector';
import { GenericApiOptionsSchema } from './options';
import { VayusphereOptionsSchema } from './vayusphere';

/** Any queue API reachable by one configured HTTP call (api mode). */
const genericApi = definePlatform({
  id: 'generic-api',
  modes: ['api'],
  options: GenericApiOptionsSchema,
  connector: ({ env }) => genericApiConnector({ platform: 'generic-api', env }),
  docs: {
    configurationKeys:
      '`platformOptions.{request.{method, url, headers, body}, response.{joinUrl, queuePosition, estimatedWaitSeconds, sessionId}, queueName}`',
    checkedAgainst: 'not a product: whatever API you configure',
  },
});

/** A preset of `generic-api`: its schema turns the Vayusphere options into `generic-api` options, which the connector receives. */
const vayusphere = definePlatform({
  id: 'vayusphere',
  name: 'Vayusphere',
  modes: ['api'],
  options: VayusphereOptionsSchema,
  connector: ({ env }) => genericApiConnector({ platform: 'Vayusphere', env }),
  docs: {
    label: '`vayusphere` (preset of `generic-api`)',
    configurationKeys: '`platformOptions.{baseUrl, apiKey, queue, request.{method, path, headers, body}, response.*}`',
    checkedAgainst:
      '**unverified against the real service**: no public documentation; the preset (`POST /api/v1/handoffs`, Bearer key, answer `joinUrl` / `position` / `sessionId`) is a guess to override',
  },
});

export const genericApiPlatforms = [genericApi, vayusphere];
