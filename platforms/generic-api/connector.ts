/**
 * `generic-api` (and its `vayusphere` preset): the configured HTTP call places the user in a queue;
 * the join URL, queue position and the rest are read from the JSON answer at configured paths.
 */
import type { GenericApiOptions } from './options';
import { parseJsonPath, readJsonPath } from '../../lib/json-path';
import type { HandoffContext, PlatformConnector, QueuePlacement } from '../connector';
import { platformRejected } from '../../lib/failures';
import { callHttp } from '../../lib/http';
import { placeholderValues, renderTemplate, type PlaceholderValues } from '../shared/url-template';
import { isWebUrl } from '../../lib/web-url';

export interface GenericApiConnectorOptions {
  /** The name errors start with, e.g. `Vayusphere`. */
  platform: string;
  /** Where `${ENV}` references in headers are resolved. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export function genericApiConnector({ platform, env = process.env }: GenericApiConnectorOptions): PlatformConnector<GenericApiOptions, 'api'> {
  return {
    // No closeSession: the configured API has no call for it, and the platform ends its own chats.
    api: {
      async placeInQueue(context: HandoffContext<GenericApiOptions>): Promise<QueuePlacement> {
        const { request, response, queueName } = context.options;
        const values = placeholderValues(context);
        const answer = await callHttp(
          new URL(renderTemplate(request.url, values, { encode: encodeURIComponent })).href,
          {
            method: request.method,
            headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), renderTemplate(value, values, { env })])),
            body: request.body === undefined ? undefined : fillJson(request.body, values),
          },
          platformRejected,
          `${platform}: place in queue`,
        );
        if (answer.json === undefined) {
          throw platformRejected(`${platform}: place in queue: the answer is not JSON (${answer.headers.get('content-type') ?? 'no content type'})`);
        }
        const read = (what: string, path: string): unknown => {
          const value = readJsonPath(answer.json, parseJsonPath(path)!);
          if (value === undefined || value === null) throw platformRejected(`${platform}: the answer has no ${what} at ${path}`);
          return value;
        };
        const joinUrl = read('join URL', response.joinUrl);
        if (typeof joinUrl !== 'string' || !isWebUrl(joinUrl)) {
          throw platformRejected(`${platform}: the join URL at ${response.joinUrl} is not an absolute http(s) URL: ${JSON.stringify(joinUrl).slice(0, 200)}`);
        }
        const number = (what: string, path: string | undefined, whole: boolean): number | undefined => {
          if (path === undefined) return undefined;
          const value = read(what, path);
          const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
          if (typeof parsed !== 'number' || !Number.isFinite(parsed) || parsed < 0 || (whole && !Number.isInteger(parsed))) {
            throw platformRejected(`${platform}: the ${what} at ${path} is not a ${whole ? 'whole ' : ''}number ≥ 0: ${JSON.stringify(value).slice(0, 100)}`);
          }
          return parsed;
        };
        const position = number('queue position', response.queuePosition, true);
        const estimatedWaitSeconds = number('estimated wait', response.estimatedWaitSeconds, false);
        const sessionId = response.sessionId === undefined ? context.chainId : read('session id', response.sessionId);
        if (typeof sessionId !== 'string' && typeof sessionId !== 'number') {
          throw platformRejected(`${platform}: the session id at ${response.sessionId} is not a string or number`);
        }
        return {
          session: { key: String(sessionId), data: {} },
          joinUrl,
          queue: { name: queueName, ...(position !== undefined && { position }), ...(estimatedWaitSeconds !== undefined && { estimatedWaitSeconds }) },
        };
      },
    },
  };
}

/** The body template with every string's placeholders filled (raw: JSON encoding escapes them). */
function fillJson(template: unknown, values: PlaceholderValues): unknown {
  if (typeof template === 'string') return renderTemplate(template, values);
  if (Array.isArray(template)) return template.map((item) => fillJson(item, values));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, item]) => [key, fillJson(item, values)]));
  }
  return template;
}
