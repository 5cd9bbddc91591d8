/**
 * What a platform does for each handoff mode it supports. Each method is called from an activity;
 * it throws `platformRejected(...)` for what retrying cannot fix and a plain Error for what it can.
 * Outbound sends must be idempotent (user messages by their `messageId`), because activities are
 * retried and operators may reset a workflow.
 */
import type { Readable } from 'node:stream';
import type { AgentAttachmentSource, AttachmentRef } from '../contracts/attachment';
import type { HandoffRequest } from '../contracts/handoff-request';
import type { HandoffMode } from '../contracts/status';
import type { QueueInfo } from '../contracts/handoff-view';
import type { PlatformDeliverable, PlatformOutboundNotice, PlatformSession } from '../contracts/platform-session';
import type { TicketHandle } from '../contracts/ticket';
import type { Summary } from '../contracts/summary';
import type { RouteChoice } from '../contracts/route-choice';
import type { CallbackRequest } from '../contracts/fallback';
import type { SurveyAnswer } from '../contracts/survey';

/** The profile's timeouts, in milliseconds. */
export interface HandoffTimeouts {
  agentAccept: number;
  inactivity: number;
  maxDuration: number;
  userIdleCheckIn?: number;
}

/** What a connector knows of the handoff it serves; `options` are the profile's, parsed by the platform's schema. */
export interface HandoffContext<Options> {
  handoffId: string;
  /** Stable for the whole handoff, across retries and continue-as-new: the idempotency key. */
  chainId: string;
  profileName: string;
  request: HandoffRequest;
  ticket?: TicketHandle;
  options: Options;
  timeouts: HandoffTimeouts;
  /** What the agent sees first (contracts/summary.ts), for a platform that has a place for it. */
  summary?: Summary;
  /**
   * The route the decision took (a profile's `routes`): each platform maps its queue, skills and
   * priority to its own routing; `index: null` or absent, the profile's own queue.
   */
  route?: RouteChoice;
  /** The markers the profile's redactions wrote into the request's text (`[card number]`), for a platform that points them out. */
  redactionMarkers?: readonly string[];
}

/**
 * The attachment store as activities and connectors see it (built in system/compose.ts from the
 * store and the download-link signer): the bytes of a file by its reference, a signed link to it,
 * and a way to keep a file the agent sent.
 */
export interface AttachmentAccess {
  open(ref: AttachmentRef): Promise<Readable>;
  /** `GET /v1/attachments/{id}?…&token=` on Handoff's public URL, valid `ttlMs` from now (the signer's default when absent). */
  downloadUrl(ref: AttachmentRef, ttlMs?: number): string;
  put(bytes: Readable, meta: { name: string; declaredType?: string }): Promise<AttachmentRef>;
}

/** A chat that already exists on the platform. */
export interface SessionContext<Options> {
  handoffId: string;
  profileName: string;
  session: PlatformSession;
  options: Options;
  timeouts: HandoffTimeouts;
  /** The user's files, for a platform that declares the `attachments` capability. */
  attachments: AttachmentAccess;
}

/** An agent's file as the platform serves it. */
export interface FetchedAttachment {
  body: Readable;
  name: string;
  contentType: string;
}

export interface QueuePlacement {
  session: PlatformSession;
  joinUrl: string;
  queue?: QueueInfo;
}

export interface OpenedSession {
  session: PlatformSession;
  queue?: QueueInfo;
}

export interface UrlConnector<Options> {
  /** The platform's chat page for this user, carrying the handoff's context in its parameters. */
  buildRedirectUrl(context: HandoffContext<Options>): Promise<string>;
}

export interface ApiConnector<Options> {
  /** Puts the user in the platform's queue and answers the link the user follows. */
  placeInQueue(context: HandoffContext<Options>): Promise<QueuePlacement>;
  /** Withdraws the user when the handoff ends on our side; a platform without such a call leaves it out. */
  closeSession?(context: SessionContext<Options>, reason: string): Promise<void>;
  /** The user's place and wait while queued, for a platform with the `queueStatus` capability (polled by the workflow). */
  queueStatus?(context: SessionContext<Options>): Promise<Partial<QueueInfo> | undefined>;
  /** Shows the user's rating with the ended chat where agents and supervisors look (the local desk); idempotent. */
  rateChat?(context: SessionContext<Options>, answer: SurveyAnswer): Promise<void>;
}

export interface BrokerConnector<Options> {
  openSession(context: HandoffContext<Options>): Promise<OpenedSession>;
  /**
   * Sends the user's messages, typing and files, in order. Attachment items come only to a platform
   * that declares the `attachments` capability (the others get a message with a link instead).
   */
  deliver(context: SessionContext<Options>, items: PlatformDeliverable[]): Promise<void>;
  /** Replaces what the agent sees first (a model's summary arrived), for a platform that can (the local desk). */
  updateSummary?(context: SessionContext<Options>, summary: Summary): Promise<void>;
  /**
   * Shows the agent what Handoff itself did (it checked in with a silent user), once per `noticeId`.
   * Without it the notice arrives through `deliver` as a message marked "[Handoff]".
   */
  notify?(context: SessionContext<Options>, notice: PlatformOutboundNotice): Promise<void>;
  closeSession(context: SessionContext<Options>, reason: string): Promise<void>;
  /**
   * Fetches a file the agent sent, where the platform needs its own call or credentials for it
   * (e.g. Amazon Connect's `GetAttachment`); without it, `source.url` is fetched with a plain GET.
   */
  fetchAgentAttachment?(context: SessionContext<Options>, source: AgentAttachmentSource): Promise<FetchedAttachment>;
  /** The user's place and wait while queued, for a platform with the `queueStatus` capability (polled by the workflow). */
  queueStatus?(context: SessionContext<Options>): Promise<Partial<QueueInfo> | undefined>;
  /** Shows the user's rating with the ended chat where agents and supervisors look (the local desk); idempotent. */
  rateChat?(context: SessionContext<Options>, answer: SurveyAnswer): Promise<void>;
}

export interface ModeConnectors<Options> {
  url: UrlConnector<Options>;
  api: ApiConnector<Options>;
  broker: BrokerConnector<Options>;
}

/** A connector has exactly the parts of the modes its platform declares, so the two cannot disagree. */
export type PlatformConnector<Options, Modes extends HandoffMode> = { [M in Modes]: ModeConnectors<Options>[M] };

/** What a probe may ask: the profile's platform options, and a signal that aborts it at the probe's deadline. */
export interface ProbeContext<Options> {
  profileName: string;
  options: Options;
  signal: AbortSignal;
  now: number;
}

/** What the platform says of its agents; each field only where the platform tells it. */
export interface PlatformAvailability {
  /** The platform's own hours or queue state (e.g. Glia `closed`, Connect's hours of operation). */
  open?: boolean;
  agentsAvailable?: number;
  contactsInQueue?: number;
  estimatedWaitSeconds?: number;
  /** When the platform's own hours next open, while they are closed. */
  nextOpenAt?: string;
}

/** Asks a platform whether agents are there, before a live agent is offered (capability `availability`). Throws when it cannot tell. */
export interface AvailabilityProbe<Options> {
  probe(context: ProbeContext<Options>): Promise<PlatformAvailability>;
}

/** Where a user's callback request goes on a platform that keeps a callback list (the local desk). Idempotent by `chainId`. */
export interface CallbackList<Options> {
  add(context: HandoffContext<Options>, callback: CallbackRequest): Promise<void>;
}
