import type { HandoffRequest } from '../contracts/handoff-request';
import type { NewTicket } from './ticketing';

const SHORT_DESCRIPTION_MAX = 160;

/** The ticket a handoff files: prefix + issue in the short description, context in the description, what the bot showed in the work notes. */
export function ticketFor(request: HandoffRequest, prefix: string, correlationId: string): NewTicket {
  const { user, issue } = request;
  const headline = (issue.summary ?? issue.lastUtterance).replace(/\s+/g, ' ').trim();
  const shortDescription = Array.from(`${prefix}${headline}`).slice(0, SHORT_DESCRIPTION_MAX).join('');
  const who = [user.name, user.email && `<${user.email}>`, `(id ${user.id})`].filter(Boolean).join(' ');
  const description = [
    `Requested by: ${who}`,
    user.department && `Department: ${user.department}`,
    issue.category && `Category: ${issue.category}`,
    `Last utterance: ${issue.lastUtterance}`,
    issue.summary && `Summary: ${issue.summary}`,
    issue.details && `Details: ${issue.details}`,
    request.transcript.length > 0 && ['', 'Conversation with the bot:', ...request.transcript.map((t) => `  ${t.from}: ${t.text}`)].join('\n'),
  ]
    .filter(Boolean)
    .join('\n');
  const workNotes =
    request.resultsPresented.length === 0
      ? 'The bot presented no results to the user before the handoff.'
      : [
          'Results the bot presented to the user before the handoff:',
          ...request.resultsPresented.map((r, i) =>
            [`${i + 1}. ${r.title}`, r.url && `   ${r.url}`, r.snippet && `   ${r.snippet}`].filter(Boolean).join('\n'),
          ),
        ].join('\n');
  return { correlationId, shortDescription, description, workNotes, ...(user.email && { callerEmail: user.email }) };
}
