import type { AgentAttachmentSource } from '../contracts/attachment';
import type { BotEvent } from '../contracts/bot-event';
import type { QueueInfo } from '../contracts/handoff-view';
import type { HandoffMode, HandoffStatus, PlatformId } from '../contracts/status';
import type { PlatformOutbound, PlatformSession } from '../contracts/platform-session';
import type { TicketHandle } from '../contracts/ticket';
import type { TranscriptEntry } from '../contracts/transcript';
import type { EndCause } from './endings';

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
  /** Set when the session ended: how (see endings.ts). */
  endCause?: EndCause;
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
  /** Files agents sent that are still to be fetched into the attachment store, oldest first; absent in runs before attachments. */
  fromAgent?: PendingAgentAttachment[];
}

/**
 * An agent's file on its way into the attachment store. Its `seq` was taken when the event came, so
 * it keeps its place among the agent's messages; the bot hears of nothing after it until it is in.
 */
export interface PendingAgentAttachment {
  seq: number;
  eventId: string;
  source: AgentAttachmentSource;
  agentName?: string;
  at: string;
}
