/** Thrown when the platform cannot say now which handoff a chat belongs to; the sender should redeliver. */
export class HandoffLookupError extends Error {
  override readonly name = 'HandoffLookupError';
}
