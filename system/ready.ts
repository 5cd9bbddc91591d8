/**
 * How the API and the worker tell `npm start` that they serve, over the IPC channel it opens: the
 * message can only come from its own child, where an open port may belong to anything.
 */
export interface ReadyMessage {
  handoffReady: 'api' | 'worker';
  /** The port the API listens on; the worker's, where it serves /metrics. */
  port?: number;
}

export function isReadyMessage(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && 'handoffReady' in message;
}

/** Tells the parent (when it is `npm start`) that this process serves; nothing when run alone. */
export function announceReady(message: ReadyMessage): void {
  // With a callback, a parent that went away is not an uncaught error.
  process.send?.(message, undefined, undefined, () => undefined);
}
