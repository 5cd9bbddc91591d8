/**
 * The handoff workflow's contract: its input, and every update, signal and query, defined once
 * and imported by the workflow, the API and the tests.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AgentEvent } from '../contracts/agent-event';
import type { AttachmentRef } from '../contracts/attachment';
import type { HandoffRequest } from '../contracts/handoff-request';
import type { HandoffStateView } from '../contracts/handoff-view';
import type { HandoffMode, PlatformId } from '../contracts/status';
import type { TranscriptEntry } from '../contracts/transcript';
import type { PlatformTraits } from '../platforms/define';
import type { UserMessage, UserMessageAccepted } from '../contracts/user-message';
import type { UserTyping } from '../contracts/user-typing';
import type { CallbackRequest, FallbackAction } from '../contracts/fallback';
import type { SurveyAnswer } from '../contracts/survey';
import type { PlatformSession } from '../contracts/platform-session';
import type { SessionState } from './session-state';

export const HANDOFF_WORKFLOW_TYPE = 'handoffWorkflow';

/**
 * A handoff's workflow tasks time out after 4 s (Temporal's default is 10 s, as long as the API
 * waits for an answer): a task given to a worker that died is given to another soon enough for the
 * messages behind it to be answered in time. A run's tasks take milliseconds (its history stays a
 * few hundred events); a local activity longer than that keeps its task alive with heartbeats.
 */
export const WORKFLOW_TASK_TIMEOUT = '4s';

/** Ends, on its platform, the chat of a handoff whose run was ended from outside (terminated, timed out). */
export const END_CHAT_WORKFLOW_TYPE = 'endChatWorkflow';

export interface EndChatInput {
  handoffId: string;
  profile: string;
  session: PlatformSession;
  /** Why the chat ends, as the platform is told: `terminated`, `timed-out`. */
  reason: string;
}

/** The parts of a profile the workflow decides by; connector and ticketing options stay in the worker. */
export interface ProfileSnapshot {
  name: string;
  mode: HandoffMode;
  platform: PlatformId;
  fileTicket: boolean;
  timeouts: { agentAccept: number; inactivity: number; maxDuration: number; userIdleCheckIn?: number };
  /** What the platform's description said when the handoff started. */
  traits: PlatformTraits;
  /** The fallback ladder (absent: none). */
  fallback?: FallbackAction[];
  /** After a chat that reached an agent, how long the handoff takes the user's rating (absent: no survey). */
  surveyWindowMs?: number;
  /** A model writes the summary after the start (absent: the start's extractive one is final). */
  modelSummary?: true;
}

interface RunLimits {
  handoffId: string;
  profile: ProfileSnapshot;
  /** Continue-as-new once a run's history has this many events (or the server suggests it). */
  continueAsNewAfterEvents: number;
}

/**
 * The first run gets the bot's request and starts the handoff; every later run gets the session's
 * state instead. The request is read by the start alone, so no later activity and no
 * continue-as-new input carries it (a profile with a fallback keeps it in the archive for the steps
 * after the chat that need it).
 */
export type HandoffWorkflowInput = RunLimits &
  (
    | {
        request: HandoffRequest;
        /** When the API's edge took the request: the `at` of `handoff.started`, the same after a reset (absent in runs started before it). */
        receivedAt?: string;
        resume?: undefined;
      }
    | { resume: SessionState; request?: undefined }
  );

/** Update-with-start target: answers once the handoff's first outcome (URL, queue, ticket) is known. */
export const startHandoffUpdate = defineUpdate<HandoffStateView, []>('startHandoff');

/**
 * A user message is an update, not a signal, so the bot learns at once whether the session took
 * it (its `seq`) or is closed (409); the handler only records it, delivery happens in the loop.
 */
export const userMessageUpdate = defineUpdate<UserMessageAccepted, [ReceivedUserMessage]>('userMessage');

/**
 * A file the user sent, already in the attachment store: an update like a message, so the API
 * answers its `seq` or 409 at once. It carries the reference, never the bytes.
 */
export const userAttachmentUpdate = defineUpdate<UserMessageAccepted, [ReceivedUserAttachment]>('userAttachment');

/**
 * A stored file as the API's edge received it. `messageId` is `attachment:<sha256>`, so the same
 * upload twice is one attachment (the session drops a repeated `messageId`); `at` is stamped there.
 */
export interface ReceivedUserAttachment {
  messageId: string;
  attachment: AttachmentRef;
  at: string;
}

/** The user's rating after the chat (`POST /v1/handoffs/{id}/survey`); refused outside the survey window. */
export const surveyUpdate = defineUpdate<HandoffStateView, [SurveyAnswer]>('survey');

/** How and when the user wants to be called back (fallback `callback`); refused outside its window. */
export const callbackRequestUpdate = defineUpdate<HandoffStateView, [CallbackRequest]>('callbackRequest');

/** The user leaves; answers the resulting view. */
export const cancelHandoffUpdate = defineUpdate<HandoffStateView, [left: UserLeft]>('cancelHandoff');

/**
 * A user message as the API's edge received it: `at` is stamped there and travels in the update,
 * so a retried task or an operator's reset re-creates the message with its original time.
 */
export type ReceivedUserMessage = UserMessage & { at: string };

/** When the user left, stamped at the API's edge. */
export interface UserLeft {
  at: string;
}

/** Agent-side events are signals: a platform's webhook must never wait on a worker. */
export const agentEventSignal = defineSignal<[AgentEvent]>('agentEvent');

/** User typing is a signal: ephemeral and frequent, it must not count against a run's 2,000-update limit. */
export const userTypingSignal = defineSignal<[UserTyping]>('userTyping');

export const handoffViewQuery = defineQuery<HandoffStateView>('handoffView');

/** The chat on the agent's platform, if one was opened: what ending it on the platform needs. */
export const platformSessionQuery = defineQuery<PlatformSession | undefined>('platformSession');

/**
 * The transcript as far as this run holds it: its own messages after `afterSeq`, and how many
 * segments earlier runs archived (the API reads those from the archive and pages the whole).
 */
export const transcriptQuery = defineQuery<TranscriptPart, [afterSeq?: number]>('transcript');

export interface TranscriptPart {
  /** The archive's key for this handoff's segments (stable across continue-as-new). */
  chainId: string;
  /** Segments 0 … archivedSegments − 1 are in the archive; the messages after them are `entries`. */
  archivedSegments: number;
  entries: TranscriptEntry[];
}
