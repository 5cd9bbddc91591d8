import type { HandoffRequest } from '../../contracts/handoff-request';
import type { Redactor } from './redactor';

/**
 * The bot's request with every text an agent, a ticket or a summary reads redacted: the issue and
 * the earlier chat (the bot's lines too, which may echo the user). Names, ids and the results the
 * bot presented stay as they are; the bot keeps its own copy.
 */
export function redactRequest(redactor: Redactor, request: HandoffRequest): HandoffRequest {
  if (redactor.markers.length === 0) return request;
  const { issue } = request;
  return {
    ...request,
    issue: {
      ...issue,
      lastUtterance: redactor.text(issue.lastUtterance),
      ...(issue.summary !== undefined && { summary: redactor.text(issue.summary) }),
      ...(issue.details !== undefined && { details: redactor.text(issue.details) }),
    },
    transcript: request.transcript.map((item) => ({ ...item, text: redactor.text(item.text) })),
  };
}
