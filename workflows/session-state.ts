import type { AgentAttachmentSource } from '../contracts/attachment';
import type { Decision } from '../contracts/availability';
import type { CallbackRequest, Fallback } from '../contracts/fallback';
import type { SurveyAnswer } from '../contracts/survey';
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
  /** Why a live agent was or was not offered (absent in runs started before it was kept). */
  decision?: Decision;
  /** What Handoff did instead of a live agent (the profile's fallback ladder). */
  fallback?: Fallback;
  /** While `waiting`: when the hours open and the chat opens. */
  opensAt?: number;
  /** When the chat opened after waiting for the opening: `maxDuration` counts from here. */
  openedAt?: number;
  /** An agent joined at some point (a survey follows only such a chat). */
  reachedAgent?: boolean;
  /** Until when the handoff takes the user's rating. */
  surveyUntil?: number;
  survey?: SurveyAnswer;
  /** Whether the rating has gone to the ticket, the platform and the search attribute. */
  surveyFiled?: boolean;
  /** Until when the handoff takes the user's callback request (fallback `callback`). */
  callbackUntil?: number;
  callback?: CallbackRequest & { at: string };
  callbackFiled?: boolean;
  /** How many queue positions the workflow has polled (the next `queue.updated` event's identity). */
  queuePolls?: number;
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
