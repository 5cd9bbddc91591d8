/**
 * The summary without a model: the issue, what the bot already tried and showed, and the user's own
 * words that matter most, in three fixed sections (situation, tried, ask). Deterministic and fast,
 * so the start makes it on its path; it reads only the (already redacted) request.
 */
import type { HandoffRequest } from '../contracts/handoff-request';

const QUOTE_CHARS = 200;
const RESULTS_SHOWN = 3;
const BOT_LINES_SHOWN = 2;

/** Words that mark a user's line as the one that says what is wrong or what they need. */
const TELLING_WORDS =
  /\b(not|no|never|still|again|can't|cannot|can not|won't|doesn't|didn't|isn't|error|fails?|failed|broken|urgent|asap|need|want|please|help|since|every)\b/gi;

export function extractiveSummary(request: HandoffRequest): string {
  return [`Situation: ${situation(request)}`, `Tried: ${tried(request)}`, `Ask: ${ask(request)}`].join('\n');
}

function situation({ issue, user }: HandoffRequest): string {
  const facts = [issue.category && `category ${issue.category}`, user.department && `department ${user.department}`, user.locale && `language ${user.locale}`];
  const known = facts.filter(Boolean);
  return `${clip(issue.summary ?? issue.lastUtterance)}${known.length > 0 ? ` (${known.join(', ')})` : ''}`;
}

function tried({ resultsPresented, transcript }: HandoffRequest): string {
  const parts: string[] = [];
  if (resultsPresented.length > 0) {
    const shown = resultsPresented.slice(0, RESULTS_SHOWN).map((result) => `"${clip(result.title)}"${result.url ? ` (${result.url})` : ''}`);
    const more = resultsPresented.length - shown.length;
    parts.push(`the bot showed ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
  }
  const botLines = transcript.filter((line) => line.from === 'bot').slice(-BOT_LINES_SHOWN);
  if (botLines.length > 0) parts.push(`it said ${botLines.map((line) => `"${clip(line.text)}"`).join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'nothing the bot reported';
}

/** The last utterance, and the user's other line that tells most (by its telling words, then length; the latest wins a tie). */
function ask({ issue, transcript }: HandoffRequest): string {
  const last = normalized(issue.lastUtterance);
  const others = transcript.filter((line) => line.from === 'user' && normalized(line.text) !== last).map((line) => line.text);
  let best: { text: string; score: number } | undefined;
  for (const text of others) {
    const score = (text.match(TELLING_WORDS)?.length ?? 0) * 1_000 + Math.min(text.length, 999);
    if (!best || score >= best.score) best = { text, score };
  }
  return `"${clip(issue.lastUtterance)}"${best ? `; earlier: "${clip(best.text)}"` : ''}`;
}

function normalized(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= QUOTE_CHARS ? flat : `${chars.slice(0, QUOTE_CHARS - 1).join('')}…`;
}
