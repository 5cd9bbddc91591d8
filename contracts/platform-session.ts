/** What the workflow and a platform connector exchange about a chat on the agent platform. */
import type { AttachmentRef } from './attachment';

/** A chat on the agent platform. `data` holds only non-secret references (ids, never tokens). */
export interface PlatformSession {
  key: string;
  data: Record<string, string>;
}

export interface PlatformOutboundMessage {
  seq: number;
  kind: 'message';
  messageId: string;
  text: string;
  /** When the API's edge received it, for the relay latency; absent in items queued by older runs. */
  at?: string;
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

/**
 * A file the user sent, by reference (the bytes stay in the attachment store). `messageId` is the
 * API's `attachment:<sha256>`, so the same upload twice is one item; a connector sends it with the
 * platform's file API, idempotently by that id. Only a platform that declares the `attachments`
 * capability receives it: for the others the deliverToPlatform activity sends a message with a
 * signed link in its place.
 */
export interface PlatformOutboundAttachment {
  seq: number;
  kind: 'attachment';
  messageId: string;
  attachment: AttachmentRef;
  /** When the API's edge received it, for the relay latency. */
  at?: string;
}

/**
 * Something Handoff tells the agent itself (it checked in with a silent user). `seq` is that of the
 * latest user message, like typing; `noticeId` is its identity, so a platform shows it once. A
 * connector without `notify` gets it as a message marked as Handoff's.
 */
export interface PlatformOutboundNotice {
  seq: number;
  kind: 'notice';
  noticeId: string;
  text: string;
}

/** What the platform lane sends, in order. */
export type PlatformOutbound = PlatformOutboundMessage | PlatformOutboundTyping | PlatformOutboundAttachment | PlatformOutboundNotice;

/** What a connector's `deliver` gets: notices go to its `notify`, or arrive as messages. */
export type PlatformDeliverable = Exclude<PlatformOutbound, PlatformOutboundNotice>;
