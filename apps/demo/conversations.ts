/**
 * The demo bot's memory: each browser tab's conversation, what was said in it, and the handoff it
 * asked for. Kept in memory only (a demo); a page whose conversation is gone starts a new one.
 */
import { randomUUID } from 'node:crypto';
import type { AttachmentRef } from '../../contracts/attachment';
import type { BotEvent } from '../../contracts/bot-event';
import type { HandoffView } from '../../contracts/handoff-view';

export type Speaker = 'user' | 'bot' | 'agent' | 'system';

/** What the page renders, in order: something said, the handoff's latest view, or a typing hint. */
export type DemoLine =
  | { kind: 'said'; from: Speaker; text: string; at: string; name?: string; attachment?: DemoAttachment }
  | { kind: 'handoff'; handoff: HandoffView }
  | { kind: 'typing'; typing: boolean; name?: string };

/** A file said in the chat: the user's upload, or the agent's file with its signed download link. */
export interface DemoAttachment {
  name: string;
  contentType: string;
  size: number;
  url?: string;
}

/** A line as the page receives it: `n` orders it, so a page that reconnects skips what it has. */
export type NumberedLine = DemoLine & { n: number };

export interface Conversation {
  id: string;
  lines: NumberedLine[];
  handoff?: HandoffView;
  handoffsStarted: number;
  /** The `eventId` of every callback event taken, so a redelivery (whatever its `seq`) is dropped. */
  eventsSeen: Set<string>;
  /** The user's IANA time zone, as their browser tells it: the bot says times in it. */
  timeZone: string;
  /** What the bot told once per handoff (a fallback both in the start's answer and in its event). */
  told: Set<string>;
}

const CONVERSATIONS_KEPT = 500;

/** The handoff goes on: the user is queued or chatting, or waits for the opening (and may leave). */
export function isOpen(handoff: HandoffView | undefined): handoff is HandoffView {
  return handoff?.status === 'queued' || handoff?.status === 'connected' || handoff?.status === 'waiting';
}

/** The user's messages go to the agent's side: queued or chatting (not while waiting for the opening). */
export function isLive(handoff: HandoffView | undefined): handoff is HandoffView {
  return handoff?.status === 'queued' || handoff?.status === 'connected';
}

export class DemoConversations {
  private readonly conversations = new Map<string, Conversation>();
  private readonly listeners = new Map<string, Set<(line: NumberedLine) => void>>();

  create(timeZone = 'UTC'): Conversation {
    const conversation: Conversation = { id: randomUUID(), lines: [], handoffsStarted: 0, eventsSeen: new Set(), timeZone, told: new Set() };
    this.conversations.set(conversation.id, conversation);
    if (this.conversations.size > CONVERSATIONS_KEPT) {
      const oldest = this.conversations.keys().next().value!;
      this.conversations.delete(oldest);
      this.listeners.delete(oldest);
    }
    return conversation;
  }

  get(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  say(conversation: Conversation, from: Speaker, text: string, name?: string): void {
    this.append(conversation, { kind: 'said', from, text, at: new Date().toISOString(), ...(name && { name }) });
  }

  /** A file sent in the chat; only its reference and link are kept, never its bytes. */
  file(conversation: Conversation, from: Speaker, attachment: AttachmentRef, url?: string, name?: string): void {
    const shown: DemoAttachment = { name: attachment.name, contentType: attachment.contentType, size: attachment.size, ...(url && { url }) };
    this.append(conversation, { kind: 'said', from, text: '', at: new Date().toISOString(), ...(name && { name }), attachment: shown });
  }

  /** The handoff moved on: remember its latest view and show it. */
  track(conversation: Conversation, handoff: HandoffView): void {
    if (conversation.handoff && conversation.handoff.id === handoff.id && conversation.handoff.updatedAt > handoff.updatedAt) return;
    conversation.handoff = handoff;
    this.append(conversation, { kind: 'handoff', handoff });
  }

  /** Typing hints are not kept: a page that connects later has no use for an old one. */
  typing(conversation: Conversation, typing: boolean, name?: string): void {
    this.notify(conversation.id, { kind: 'typing', typing, ...(name && { name }), n: 0 });
  }

  /** True the first time `what` is told in this conversation. */
  firstTelling(conversation: Conversation, what: string): boolean {
    if (conversation.told.has(what)) return false;
    conversation.told.add(what);
    return true;
  }

  /** True the first time an event is seen. */
  firstDelivery(conversation: Conversation, event: BotEvent): boolean {
    if (conversation.eventsSeen.has(event.eventId)) return false;
    conversation.eventsSeen.add(event.eventId);
    return true;
  }

  subscribe(conversation: Conversation, listener: (line: NumberedLine) => void): () => void {
    const listeners = this.listeners.get(conversation.id) ?? new Set();
    this.listeners.set(conversation.id, listeners);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  private append(conversation: Conversation, line: DemoLine): void {
    const numbered = { ...line, n: conversation.lines.length + 1 };
    conversation.lines.push(numbered);
    this.notify(conversation.id, numbered);
  }

  private notify(id: string, line: NumberedLine): void {
    for (const listener of this.listeners.get(id) ?? []) listener(line);
  }
}
