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
}
