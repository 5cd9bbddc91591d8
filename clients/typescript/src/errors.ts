/** What the client throws; each has a stable `name` a bot can branch on. */

export interface Issue {
  path: string;
  message: string;
}

/** Thrown when Handoff answers a call with an error (`{ error: { code, message, details? } }`). */
export class HandoffApiError extends Error {
  override readonly name = 'HandoffApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Thrown when Handoff does not answer at all (refused connection, DNS, the call's time limit). */
export class HandoffUnreachableError extends Error {
  override readonly name = 'HandoffUnreachableError';
  constructor(
    readonly url: string,
    options?: ErrorOptions,
  ) {
    super(`Handoff did not answer at ${url}; is its API running?`, options);
  }
}

/** Thrown when a body the bot is about to send breaks the contract; nothing was sent. */
export class HandoffRequestInvalidError extends Error {
  override readonly name = 'HandoffRequestInvalidError';
  constructor(
    readonly what: string,
    readonly issues: Issue[],
  ) {
    super(`${what} breaks the contract: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`);
  }
}
