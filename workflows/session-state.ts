import type { BotEvent } from '../contracts/bot-event';
import type { QueueInfo } from '../contracts/handoff-view';
import type { HandoffMode, HandoffStatus, PlatformId } from '../contracts/status';
import type { TranscriptEntry } from '../contracts/transcript';

/** A chat on the agent platform. `data` holds only non-secret references (ids, never tokens). */
export interface PlatformSession {
  key: string;
  data: Record<string, string>;
}

/** A filed ticket: `ref` is the ticketing system's own id (a sys_id, a local number). */
export interface TicketHandle {
  number: string;
  ref: string;
  url?: string;
}

export interface PlatformOutboundMessage {
  seq: number;
  kind: 'message';
  messageId: string;
  text: string;
}

/**
 * The user started or stopped typing. It has no `seq` of its own: `seq` is that of the latest
 * user message (0 before any), so it orders after that message and connectors can key on it.
 */
export interface PlatformOutboundTyping {
  seq: number;
  kind: 'typing';
  typing: boolean;
}

/** What the platform lane sends, in order. */
export type PlatformOutbound = PlatformOutboundMessage | PlatformOutboundTyping;

/** Everything a handoff is, as plain data, so a run can hand it to the next one. */
export interface SessionState {
  handoffId: string;
  conversationId: string;
  profile: string;
  mode: HandoffMode;
  platform: PlatformId;
  hasCallback: boolean;
  /** Stable across continue-as-new; the idempotency key for platform and ticket creation. */
  chainId: string;
  status: HandoffStatus;
  reason?: string;
  redirectUrl?: string;
  queue?: QueueInfo;
  ticket?: TicketHandle;
  agentName?: string;
  createdAt: number;
  updatedAt: number;
  queuedAt?: number;
  lastActivityAt: number;
  agentEventsReceived: number;
  platformSession?: PlatformSession;
  transcript: TranscriptEntry[];
  nextSeq: number;
  /** Recent user `messageId`s and the `seq` each got, oldest first. */
  seenMessageIds: Array<[string, number]>;
  /** Recent platform event ids, oldest first. */
  seenEventIds: string[];
  toPlatform: PlatformOutbound[];
  toBot: BotEvent[];
}
