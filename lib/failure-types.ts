/**
 * The `ApplicationFailure` types Handoff throws, named once: activities throw them, the workflow
 * decides by them (which are not worth retrying), the API maps them to statuses. Pure, so the
 * workflow bundle may import it.
 */
export const FailureType = {
  /** A platform refused the request (auth, 4xx, closed queue). */
  PlatformRejected: 'PlatformRejected',
  /** A ticketing system refused the request. */
  TicketingRejected: 'TicketingRejected',
  /** The configuration cannot serve this call (an unsupported mode, an unknown profile). */
  ConfigurationError: 'ConfigurationError',
  /** A `${ENV}` secret reference names a variable that is not set. */
  MissingSecret: 'MissingSecretError',
  /** An update validator refused: the session is not open for it (the API answers 409). */
  SessionNotOpen: 'SessionNotOpen',
  /** The handoff takes no rating now: no chat with an agent, rated already, or the window has closed (409). */
  SurveyNotOpen: 'SurveyNotOpen',
  /** The handoff takes no callback request now: none was offered, one came already, or its window has closed (409). */
  CallbackNotOpen: 'CallbackNotOpen',
  /** A bot's `callbackUrl` is refused by the callback policy (not https, or an internal address). */
  CallbackRefused: 'CallbackRefused',
  /** A record the handoff's state names is not in the archive (past its retention, or another store). */
  ArchiveRecordMissing: 'ArchiveRecordMissing',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** Failures no retry can mend; every activity's retry policy lists them. */
export const NON_RETRYABLE_FAILURES: FailureType[] = [
  FailureType.PlatformRejected,
  FailureType.TicketingRejected,
  FailureType.ConfigurationError,
  FailureType.MissingSecret,
  FailureType.ArchiveRecordMissing,
];
