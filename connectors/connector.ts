import type { HandoffRequest } from '../contracts/handoff-request';
import type { QueueInfo } from '../contracts/handoff-view';
import type { LoadedProfile } from '../config/load';
import type { PlatformOutbound, PlatformSession, TicketHandle } from '../workflows/session-state';

/** What a connector knows of the handoff it serves. */
export interface HandoffContext {
  handoffId: string;
  /** Stable for the whole handoff, across retries and continue-as-new: the idempotency key. */
  chainId: string;
  profile: LoadedProfile;
  request: HandoffRequest;
  ticket?: TicketHandle;
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

export interface SessionContext {
  handoffId: string;
  profile: LoadedProfile;
  session: PlatformSession;
}

/**
 * One agent platform. Each method is called from an activity; it throws `platformRejected(...)`
 * for what retrying cannot fix and a plain Error for what it can. Outbound sends must be
 * idempotent (user messages by their `messageId`), because activities are retried and operators
 * may reset a workflow.
 */
export interface PlatformConnector {
  /**
   * The platform itself drops a repeated user message (same session and `messageId`), whichever
   * worker sends it and however late. Only such a platform is sent messages from a local activity,
   * before the workflow task that took them has committed (`workflows/local-relay.ts`).
   */
  readonly dropsRepeatedUserMessages?: true;
  buildRedirectUrl?(context: HandoffContext): Promise<string>;
  placeInQueue?(context: HandoffContext): Promise<QueuePlacement>;
  openSession?(context: HandoffContext): Promise<OpenedSession>;
  deliver?(context: SessionContext, items: PlatformOutbound[]): Promise<void>;
  closeSession?(context: SessionContext, reason: string): Promise<void>;
}
