/**
 * Binds a request's handoff and platform to the lines logged while it is handled: the handoff of
 * `/v1/handoffs/{id}/…` (and its profile's platform), the platform of `/v1/webhooks/{platform}`.
 * Only a well-formed handoff id and a known platform's id are bound: a caller's arbitrary text
 * never reaches a log line this way.
 */
import type { RequestHandler } from 'express';
import { HANDOFFS_PATH } from './routes/handoffs';
import { WEBHOOKS_PATH } from './webhook-pipeline';
import { HANDOFF_ID_MAX, partsOfHandoffId } from '../contracts/handoff-id';
import { withLogFields, type LogFields } from '../observability/log-fields';

export interface RequestLogFieldsOptions {
  /** The platform of a configured profile; undefined for a profile the configuration does not have. */
  platformOfProfile(profile: string): string | undefined;
  /** Whether a platform id is one Handoff knows. */
  isPlatform(id: string): boolean;
}

const HANDOFF_PATH_PATTERN = new RegExp(`^${HANDOFFS_PATH}/([^/]+)`);
const WEBHOOK_PATH_PATTERN = new RegExp(`^${WEBHOOKS_PATH}/([^/]+)/?$`);

export function requestLogFields(options: RequestLogFieldsOptions): RequestHandler {
  return (req, _res, next) => {
    const fields = fieldsOfPath(req.path, options);
    if (fields) withLogFields(fields, next);
    else next();
  };
}

export function fieldsOfPath(path: string, options: RequestLogFieldsOptions): LogFields | undefined {
  const webhook = WEBHOOK_PATH_PATTERN.exec(path)?.[1];
  if (webhook !== undefined) return options.isPlatform(webhook) ? { platform: webhook } : undefined;
  const encoded = HANDOFF_PATH_PATTERN.exec(path)?.[1];
  if (encoded === undefined) return undefined;
  const handoffId = decoded(encoded);
  const parts = handoffId !== undefined && handoffId.length <= HANDOFF_ID_MAX ? partsOfHandoffId(handoffId) : undefined;
  if (!parts) return undefined;
  const platform = options.platformOfProfile(parts.profile);
  return { handoffId: handoffId!, workflowId: handoffId!, ...(platform && { platform }) };
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
