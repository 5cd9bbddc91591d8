/** What the workflow and a platform connector exchange about a chat on the agent platform. */
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

/** What the platform lane sends, in order. */
export type PlatformOutbound = PlatformOutboundMessage | PlatformOutboundTyping;
