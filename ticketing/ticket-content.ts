import type { HandoffRequest } from '../contracts/handoff-request';
import type { Summary } from '../contracts/summary';
import type { NewTicket } from './ticketing';

/**
 * The longest texts (UTF-16 code units) every ticket store takes: the local desk's limits
 * (apps/desk/router.ts), which ServiceNow's Table API takes too (it stores `description` and journal
 * fields as mediumtext and does not enforce a dictionary `max_length`: ServiceNow KB0685779).
 * `shortDescription` is ServiceNow's `short_description` length. Whatever a request the API
 * accepts holds, the ticket made of it fits: the parts cut say so.
 */
export const TICKET_TEXT_LIMITS = {
  shortDescription: 160,
  description: 100_000,
  /** The note filed with the ticket. */
  workNotes: 100_000,
  /** A note added later (the transcript when the handoff ends). */
  workNote: 100_000,
} as const;

/** The ticket a handoff files: prefix + issue in the short description, context in the description, what the bot showed in the work notes. */
export function ticketFor(request: HandoffRequest, prefix: string, correlationId: string, summary?: Summary): NewTicket {
  const { user, issue } = request;
  const headline = (issue.summary ?? issue.lastUtterance).replace(/\s+/g, ' ').trim();
  const shortDescription = Array.from(`${prefix}${headline}`).slice(0, TICKET_TEXT_LIMITS.shortDescription).join('');
  const who = [user.name, user.email && `<${user.email}>`, `(id ${user.id})`].filter(Boolean).join(' ');
  const context = [
    ...(summary ? [`${summaryHeading(summary)}\n${summary.text}\n`] : []),
    `Requested by: ${who}`,
    user.department && `Department: ${user.department}`,
    issue.category && `Category: ${issue.category}`,
    `Last utterance: ${issue.lastUtterance}`,
    issue.summary && `Summary: ${issue.summary}`,
    issue.details && `Details: ${issue.details}`,
  ].filter((line): line is string => Boolean(line));
  const conversation = request.transcript.map((t) => `  ${t.from}: ${t.text}`);
  const description =
    conversation.length === 0
      ? fitText(context.join('\n'), TICKET_TEXT_LIMITS.description)
      : fitKeepingLatest(
          [...context, '', 'Conversation with the bot:'],
          conversation,
          TICKET_TEXT_LIMITS.description,
          (left) => `  [… ${left} earlier ${left === 1 ? 'message' : 'messages'} not shown]`,
        );
  const workNotes =
    request.resultsPresented.length === 0
      ? 'The bot presented no results to the user before the handoff.'
      : fitKeepingFirst(
          ['Results the bot presented to the user before the handoff:'],
          request.resultsPresented.map((r, i) => [`${i + 1}. ${r.title}`, r.url && `   ${r.url}`, r.snippet && `   ${r.snippet}`].filter(Boolean).join('\n')),
          TICKET_TEXT_LIMITS.workNotes,
          (left) => `[… ${left} more ${left === 1 ? 'result' : 'results'} not shown]`,
        );
  return { correlationId, shortDescription, description, workNotes, ...(user.email && { callerEmail: user.email }) };
}

/** The summary's heading: who wrote it, and that a model was asked and failed when it did. */
export function summaryHeading(summary: Summary): string {
  if (summary.provider !== 'extractive') return `Summary (by a model, ${summary.provider}):`;
  return summary.fellBack ? 'Summary (extractive; the model did not answer in time or failed):' : 'Summary:';
}

/**
 * A work note that fits every store: its first line (what happened) and as many of its last lines
 * (the latest of the transcript) as fit, with a line saying how many earlier lines were left out.
 */
export function fitWorkNote(note: string): string {
  if (note.length <= TICKET_TEXT_LIMITS.workNote) return note;
  const [first = '', ...rest] = note.split('\n');
  return fitKeepingLatest([first], rest, TICKET_TEXT_LIMITS.workNote, (left) => `[… ${left} earlier ${left === 1 ? 'line' : 'lines'} not shown]`);
}

/**
 * `head` then as many of the last `items` as fit in `max`, the first of them cut at its start if
 * even it does not fit whole; `omitted(n)` is the line that says n items were left out.
 */
function fitKeepingLatest(head: string[], items: string[], max: number, omitted: (left: number) => string): string {
  const whole = [...head, ...items].join('\n');
  if (whole.length <= max) return whole;
  const top = fitText(head.join('\n'), max);
  const kept: string[] = [];
  // Room for the head, the marker (at its longest) and the newlines between the parts.
  let room = max - top.length - omitted(items.length).length - 2;
  for (let index = items.length - 1; index >= 0 && room > 0; index--) {
    const item = items[index]!;
    if (item.length + 1 <= room) {
      kept.unshift(item);
      room -= item.length + 1;
    } else {
      if (kept.length === 0) kept.unshift(tailWithin(item, room - 2, '…'));
      break;
    }
  }
  const left = items.length - kept.length;
  return [top, ...(left > 0 ? [omitted(left)] : []), ...kept].join('\n');
}

/** `head` then as many of the first `items` as fit in `max`, then the line that says how many did not. */
function fitKeepingFirst(head: string[], items: string[], max: number, omitted: (left: number) => string): string {
  const whole = [...head, ...items].join('\n');
  if (whole.length <= max) return whole;
  const top = fitText(head.join('\n'), max);
  const kept: string[] = [];
  let room = max - top.length - omitted(items.length).length - 2;
  for (const item of items) {
    if (item.length + 1 > room) break;
    kept.push(item);
    room -= item.length + 1;
  }
  return [top, ...kept, omitted(items.length - kept.length)].join('\n');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `text`, or its beginning (whole characters) and a line saying how much was cut, within `max`. */
function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = (cut: number) => `\n[… ${cut} more characters not shown]`;
  const end = characterBoundaryAtOrBefore(text, max - marker(codePointCount(text)).length);
  return `${text.slice(0, end)}${marker(codePointCount(text.slice(end)))}`;
}

/** The end of `text` (whole characters) within `max` code units, `mark` before it when cut. */
function tailWithin(text: string, max: number, mark: string): string {
  if (text.length <= max) return text;
  const cut = text.length - (max - mark.length);
  const start = cut >= text.length ? text.length : characterBoundaryAtOrAfter(text, cut);
  return `${mark}${text.slice(start)}`;
}

/** The last boundary between user-perceived characters at or before `index`; only the character there is segmented. */
function characterBoundaryAtOrBefore(text: string, index: number): number {
  if (index <= 0) return 0;
  if (index >= text.length) return text.length;
  return graphemes.segment(text).containing(index)!.index;
}

function characterBoundaryAtOrAfter(text: string, index: number): number {
  const boundary = characterBoundaryAtOrBefore(text, index);
  return boundary === index ? index : boundary + graphemes.segment(text).containing(boundary)!.segment.length;
}

function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
