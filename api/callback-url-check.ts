import type { RequestHandler } from 'express';
import { HandoffRequestSchema } from '../contracts/handoff-request';
import { ValidationError } from '../lib/api-errors';
import type { CallbackUrlPolicy } from '../lib/callback-url-policy';
import { issuesOf } from '../lib/validate';

/**
 * Refuses a handoff request whose `callbackUrl` the policy refuses (400 `callback_url_not_https`
 * or `callback_url_internal`), before it reaches the workflow; the worker checks again after
 * resolving the host. A body that breaks its schema as well is answered as the route answers it
 * (400 `invalid_request` listing every failing path), with the callbackUrl's refusal among them,
 * so one answer still names every problem.
 */
export function checkCallbackUrl(policy: CallbackUrlPolicy): RequestHandler {
  return (req, _res, next) => {
    const callbackUrl = (req.body as { callbackUrl?: unknown } | undefined)?.callbackUrl;
    const refusal = typeof callbackUrl === 'string' ? policy.refusalOf(callbackUrl) : undefined;
    if (!refusal) return next();
    const parsed = HandoffRequestSchema.safeParse(req.body);
    if (parsed.success) return next(refusal);
    const issues = issuesOf(parsed.error);
    if (!issues.some((issue) => issue.path === 'callbackUrl')) issues.push({ path: 'callbackUrl', message: refusal.message });
    next(new ValidationError('invalid request body', issues));
  };
}
