/**
 * Amazon Connect chat streaming: each SNS notification carries one transcript item in `Message`
 * and its routing facts in `MessageAttributes`. Each item becomes one `AgentEvent` (an ATTACHMENT
 * item one per approved file), or is skipped with the reason (the user's own items, items not
 * visible to the customer, receipts).
 */
import { z } from 'zod';
import type { AgentEvent } from '../../contracts/agent-event';
import { cutToCharacters } from '../../lib/fit-utterance';

export const TranscriptItemSchema = z
  .object({
    Id: z.string().min(1).max(200),
    Type: z.string().min(1).max(50),
    ContentType: z.string().max(200).optional(),
    Content: z.string().max(20_000).optional(),
    ParticipantRole: z.string().max(50).optional(),
    DisplayName: z.string().max(256).optional(),
    AbsoluteTime: z.string().max(50).optional(),
    ContactId: z.string().max(256).optional(),
    InitialContactId: z.string().max(256).optional(),
    /** On ATTACHMENT items: the files, each fetched with `GetAttachment`. */
    Attachments: z
      .array(
        z
          .object({
            AttachmentId: z.string().min(1).max(500),
            AttachmentName: z.string().max(1_000).optional(),
            ContentType: z.string().max(200).optional(),
            Status: z.string().max(50).optional(),
          })
          .loose(),
      )
      .max(20)
      .optional(),
  })
  .loose();
export type TranscriptItem = z.infer<typeof TranscriptItemSchema>;

const EVENT = 'application/vnd.amazonaws.connect.event.';
const SHOWN_TO_CUSTOMER = new Set(['CUSTOMER', 'ALL']);

type Common = Pick<AgentEvent, 'eventId' | 'sessionKey' | 'at'>;

/** `MessageAttributes` as plain strings: `{ Name: { Type, Value } }` → `{ Name: Value }`. */
export function attributeValues(attributes: Record<string, { Value: string }> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes ?? {}).map(([name, { Value }]) => [name, Value]));
}

/** The contact that `StartChatContact` returned, which a transfer keeps as `InitialContactId`. */
export function initialContactOf(item: TranscriptItem, attributes: Record<string, string>): string | undefined {
  return item.InitialContactId ?? attributes.InitialContactId ?? item.ContactId ?? attributes.ContactId;
}

/**
 * The events of one item: an agent's ATTACHMENT item gives one `agent.attachment` per approved
 * file (the first under the item's own id, the others under `<Id>:<n>`), anything else what
 * `toAgentEvent` says.
 */
export function toAgentEvents(item: TranscriptItem, attributes: Record<string, string>, common: Common): AgentEvent[] | { skipped: string } {
  if (item.Type !== 'ATTACHMENT') {
    const mapped = toAgentEvent(item, attributes, common);
    return 'skipped' in mapped ? mapped : [mapped];
  }
  const visibility = attributes.MessageVisibility ?? 'ALL';
  const role = item.ParticipantRole ?? attributes.ParticipantRole ?? '';
  if (!SHOWN_TO_CUSTOMER.has(visibility)) return { skipped: `visible to ${visibility} only` };
  if (role !== 'AGENT') return { skipped: role === 'CUSTOMER' ? "the user's own file" : `a ${role || 'roleless'} file` };
  // Connect scans a file before the agent's side sends it; only an APPROVED one may be fetched.
  const approved = (item.Attachments ?? []).filter((file) => (file.Status ?? 'APPROVED') === 'APPROVED');
  if (approved.length === 0) return { skipped: 'an attachment item without an approved file' };
  const agentName = item.DisplayName ? { agentName: item.DisplayName } : {};
  return approved.map((file, index) => ({
    ...common,
    ...(index > 0 && { eventId: `${common.eventId}:${index}`.slice(0, 200) }),
    type: 'agent.attachment' as const,
    source: {
      name: cutToCharacters(file.AttachmentName?.trim() || `attachment-${file.AttachmentId.slice(0, 40)}`, 256),
      ...(file.ContentType && { contentType: file.ContentType.slice(0, 200) }),
      platformAttachmentId: file.AttachmentId,
    },
    ...agentName,
  }));
}

/**
 * What the user should see of this item, as the spec says: only items whose `MessageVisibility`
 * is CUSTOMER or ALL (absent means ALL) and whose `ParticipantRole` is not CUSTOMER.
 */
export function toAgentEvent(item: TranscriptItem, attributes: Record<string, string>, common: Common): AgentEvent | { skipped: string } {
  const visibility = attributes.MessageVisibility ?? 'ALL';
  const role = item.ParticipantRole ?? attributes.ParticipantRole ?? '';
  if (!SHOWN_TO_CUSTOMER.has(visibility)) return { skipped: `visible to ${visibility} only` };
  if (role === 'CUSTOMER') return { skipped: "the user's own item" };
  const contentType = item.ContentType ?? attributes.ContentType ?? '';
  const agentName = item.DisplayName ? { agentName: item.DisplayName } : {};

  if (item.Type === 'MESSAGE') {
    // Contact-flow (SYSTEM) and bot messages would read as an agent joining; AgentEvent has no type for them.
    if (role !== 'AGENT') return { skipped: `a ${role || 'roleless'} message` };
    if (!item.Content?.trim()) return { skipped: 'a message without text' };
    return { ...common, type: 'agent.message', text: item.Content, ...agentName };
  }
  if (item.Type !== 'EVENT') return { skipped: `a ${item.Type} item` };
  switch (contentType) {
    case `${EVENT}participant.joined`:
      return role === 'AGENT' ? { ...common, type: 'agent.joined', ...agentName } : { skipped: `${role} joined` };
    case `${EVENT}participant.left`:
      return role === 'AGENT' ? { ...common, type: 'agent.left', ...agentName } : { skipped: `${role} left` };
    case `${EVENT}typing`:
      return role === 'AGENT' ? { ...common, type: 'agent.typing', typing: true } : { skipped: `${role} typing` };
    case `${EVENT}chat.ended`:
      return { ...common, type: 'chat.closed' };
    case `${EVENT}transfer.succeeded`:
    case `${EVENT}transfer.failed`:
      // The agent handed the chat to another queue or agent (or tried to): the session goes on.
      return {
        ...common,
        type: 'agent.transferred',
        to: transferTarget(item, attributes),
        ...(role === 'AGENT' && agentName),
        ...(contentType.endsWith('.failed') && { failed: true }),
      };
    default:
      return { skipped: `event ${contentType || 'without content type'}` };
  }
}

/** Names Connect may give the transfer's destination under; its documentation shows no content for these events. */
const TARGET_KEYS = ['queuename', 'queue', 'agentname', 'agent', 'targetname', 'transfertarget', 'destinationname', 'destination', 'name'];

/**
 * Where the chat went: a name the event carries (a JSON `Content` or a message attribute with one
 * of `TARGET_KEYS`, or a short plain `Content`), else "another queue".
 */
export function transferTarget(item: TranscriptItem, attributes: Record<string, string>): string {
  const named = (record: Record<string, unknown>): string | undefined => {
    const byKey = new Map(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
    for (const key of TARGET_KEYS) {
      const value = byKey.get(key);
      if (typeof value === 'string' && value.trim()) return value.trim();
      if (typeof value === 'object' && value !== null) {
        const inner = named(value as Record<string, unknown>);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  const content = item.Content?.trim();
  let target: string | undefined;
  if (content?.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(content);
      if (typeof parsed === 'object' && parsed !== null) target = named(parsed as Record<string, unknown>);
    } catch {
      // Not JSON after all: read as text below.
    }
  } else if (content && content.length <= 200) target = content;
  target ??= named(attributes);
  return cutToCharacters(target ?? 'another queue', 200);
}
