import type { AgentAttachmentSource } from '../contracts/attachment';
import type { Decision } from '../contracts/availability';
import type { CallbackRequest, Fallback } from '../contracts/fallback';
import type { SurveyAnswer } from '../contracts/survey';
import type { Summary } from '../contracts/summary';
import type { BotEvent } from '../contracts/bot-event';
import type { QueueInfo } from '../contracts/handoff-view';
import type { HandoffMode, HandoffStatus, PlatformId } from '../contracts/status';
import type { PlatformOutbound, PlatformSession } from '../contracts/platform-session';
import type { TicketHandle } from '../contracts/ticket';
import type { TranscriptEntry } from '../contracts/transcript';
import type { EndCause } from './endings';

/**
 * Everything a handoff is, as plain data, so a run can hand it to the next one. It stays small
 * however long the chat: earlier runs' messages are in the archive (`archive`), not here.
 */
export interface SessionState {
  handoffId: string;
  conversationId: string;
  profile: string;
  mode: HandoffMode;
  platform: PlatformId;
  /** Where the bot hears of events (signed POSTs); absent: the bot reads the transcript instead. */
  callbackUrl?: string;
  /** Stable across continue-as-new; the idempotency key for platform and ticket creation, and the archive's key. */
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
  /** This run's messages, in the order their `at` says (earlier runs archived theirs). */
  transcript: TranscriptEntry[];
  archive: ArchiveState;
  nextSeq: number;
  /** The `seq` of the user's latest message (0 before any): the user's typing orders after it. */
  lastUserSeq: number;
  /** Digests of the platform event ids seen lately (workflows/digest.ts), oldest first. */
  seenEventDigests: string[];
  toPlatform: PlatformOutbound[];
  toBot: BotEvent[];
  /** Files agents sent that are still to be fetched into the attachment store, oldest first. */
  fromAgent: PendingAgentAttachment[];
  /** Why a live agent was or was not offered. */
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
  /** Since when the user has been silent in the connected chat: the agent joined, or the user's last message or file. */
  userSilentSince?: number;
  /** The `userSilentSince` the user was last checked in on: one check-in per silence. */
  checkedInFor?: number;
  /** What the agent sees first: the start's extractive summary, or a model's that replaced it. */
  summary?: Summary;
  /** How many queue positions the workflow has polled (the next `queue.updated` event's identity). */
  queuePolls?: number;
}

/** What of the handoff is in the archive (archive/): transcript segments, and the request when a later step needs it. */
export interface ArchiveState {
  /** Segments 0 … segments − 1 hold the earlier runs' messages, in order. */
  segments: number;
  /**
   * Which user `messageId`s the segments may hold (workflows/message-filter.ts), so a repeat of an
   * archived message is found without reading the archive for every new one.
   */
  filters: string[];
  /** The bot's request is archived under the chain (a profile with a fallback needs it after the start). */
  request: boolean;
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
