/**
 * From the bot's `handoff.initiate` (botbuilder's `EventFactory.createHandoffInitiation`: the
 * hub-specific `handoffContext` as its value, the transcript as an attachment named `Transcript`)
 * to the start request Handoff takes. Copilot Studio's `va_*` variables are read where present.
 */
import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { HandoffRequestSchema, type HandoffRequest } from '../contract.js';
import { HandoffRequestInvalidError } from '../errors.js';

export const TRANSCRIPT_ATTACHMENT = 'Transcript';
/** Handoff's limits on what the agent sees first (contracts: 200 items of at most 10,000 characters). */
const TRANSCRIPT_ITEMS_MAX = 200;
const TEXT_MAX = 10_000;

/**
 * The `handoffContext` this adapter reads. Each part is optional and checked as the start request
 * whole, against the contract, once merged; anything else in it is the hub's and ignored, but for
 * Copilot Studio's `va_*` variables.
 */
const HandoffContextSchema = z.looseObject({
  profile: z.string().optional(),
  user: z.looseObject({ attributes: z.record(z.string(), z.unknown()).optional() }).optional(),
  issue: z.looseObject({}).optional(),
  resultsPresented: z.array(z.unknown()).optional(),
});

/** botbuilder's `Transcript`: the conversation's activities so far. */
const TranscriptSchema = z.object({
  activities: z.array(
    z.looseObject({
      type: z.string().optional(),
      text: z.string().optional(),
      from: z.looseObject({ id: z.string().optional(), role: z.string().optional() }).optional(),
      timestamp: z.union([z.string(), z.date()]).optional(),
    }),
  ),
});

export interface InitiationInput {
  /** The `handoff.initiate` activity the bot sent. */
  initiate: Partial<Activity>;
  /** The user's activity of the turn that sent it. */
  turn: Partial<Activity>;
  /** The profile when `handoffContext.profile` names none. */
  profile?: string;
  /** Where Handoff POSTs this handoff's events. */
  callbackUrl: string;
}

/** The start request for an initiation; throws `HandoffRequestInvalidError` naming every failing path. */
export function handoffRequestOf({ initiate, turn, profile, callbackUrl }: InitiationInput): HandoffRequest {
  const context = HandoffContextSchema.safeParse(initiate.value ?? {});
  if (!context.success) throw new HandoffRequestInvalidError('the handoffContext', context.error.issues.map(issueOf('handoffContext')));
  const given = context.data;
  const copilot = copilotVariablesOf(given);
  const transcript = transcriptOf(initiate, turn);
  // What the user said before asking for a person says more of the issue than the asking does.
  const lastUserText = [...transcript].reverse().find((item) => item.from === 'user' && item.text !== turn.text?.trim())?.text;
  const givenIssue = given.issue as Partial<HandoffRequest['issue']> | undefined;
  const givenUser = given.user as Partial<HandoffRequest['user']> | undefined;
  const attributes = { ...copilot, ...(givenUser?.attributes as object | undefined) };
  const request = {
    conversationId: conversationIdOf(turn),
    profile: given.profile ?? profile ?? 'default',
    ...(turn.channelId && { channel: turn.channelId.slice(0, 64) }),
    user: {
      id: turn.from?.id,
      ...(turn.from?.name && { name: turn.from.name }),
      ...((stringOf(copilot.va_Language) ?? turn.locale) && { locale: stringOf(copilot.va_Language) ?? turn.locale }),
      ...givenUser,
      ...(Object.keys(attributes).length > 0 && { attributes }),
    },
    issue: {
      lastUtterance: firstText(stringOf(copilot.va_LastPhrases), lastUserText, turn.text) ?? 'The user asked for a person',
      ...(stringOf(copilot.va_AgentMessage) && { summary: stringOf(copilot.va_AgentMessage) }),
      ...(stringOf(copilot.va_LastTopic) && { category: stringOf(copilot.va_LastTopic)!.slice(0, 200) }),
      ...givenIssue,
    },
    transcript,
    ...(given.resultsPresented && { resultsPresented: given.resultsPresented }),
    callbackUrl,
  };
  const parsed = HandoffRequestSchema.safeParse(request);
  if (!parsed.success) throw new HandoffRequestInvalidError('the handoff request made from handoff.initiate', parsed.error.issues.map(issueOf('')));
  return request as HandoffRequest;
}

/**
 * One Handoff conversation per Bot Framework conversation and turn: a redelivered turn joins the
 * handoff it started, a later request starts another (one that ended stays taken for a while).
 */
export function conversationIdOf(turn: Partial<Activity>): string {
  const conversation = digest(`${turn.channelId ?? ''}\n${turn.conversation?.id ?? ''}`, 24);
  return `bf-${conversation}-${digest(turn.id ?? `${Date.now()}-${Math.random()}`, 16)}`;
}

/** Copilot Studio's context variables (`va_LastTopic`, `va_LastPhrases`, `va_AgentMessage`, ...), kept as the user's attributes. */
function copilotVariablesOf(context: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(context).filter(([key, value]) => key.startsWith('va_') && value !== undefined && value !== null));
}

function transcriptOf(initiate: Partial<Activity>, turn: Partial<Activity>): NonNullable<HandoffRequest['transcript']> {
  const attachment = initiate.attachments?.find((candidate) => candidate.name === TRANSCRIPT_ATTACHMENT);
  if (!attachment) return [];
  const parsed = TranscriptSchema.safeParse(typeof attachment.content === 'string' ? jsonOf(attachment.content) : attachment.content);
  if (!parsed.success) throw new HandoffRequestInvalidError('the Transcript attachment', parsed.error.issues.map(issueOf('Transcript')));
  const botId = turn.recipient?.id;
  const items = parsed.data.activities.flatMap((activity) => {
    const text = activity.text?.trim();
    if ((activity.type ?? 'message') !== 'message' || !text) return [];
    const from: 'user' | 'bot' = activity.from?.role === 'bot' || (botId !== undefined && activity.from?.id === botId) ? 'bot' : 'user';
    const at = activity.timestamp === undefined ? undefined : new Date(activity.timestamp);
    return [{ from, text: text.slice(0, TEXT_MAX), ...(at && !Number.isNaN(at.getTime()) && { at: at.toISOString() }) }];
  });
  return items.slice(-TRANSCRIPT_ITEMS_MAX);
}

function firstText(...candidates: (string | undefined)[]): string | undefined {
  return candidates
    .map((text) => text?.trim())
    .find((text) => !!text)
    ?.slice(0, TEXT_MAX);
}

/** Copilot Studio gives some variables as a list (`va_Phrases`) or a string; the last one counts. */
function stringOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return stringOf(value.at(-1));
  return typeof value === 'string' && value.trim() ? value : undefined;
}

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function issueOf(prefix: string) {
  return (issue: z.core.$ZodIssue) => ({ path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'), message: issue.message });
}
