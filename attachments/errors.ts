import { ApiError, NotFoundError } from '../lib/api-errors';

/** Thrown when an upload is larger than its profile's `attachments.maxBytes`; nothing is stored. */
export class AttachmentTooLargeError extends ApiError {
  override readonly name = 'AttachmentTooLargeError';
  constructor(maxBytes: number) {
    super(413, 'attachment_too_large', `the file is larger than this profile accepts (${maxBytes} bytes)`, { maxBytes });
  }
}

/** Thrown when an upload holds no bytes at all: there is nothing to show an agent; nothing is stored. */
export class AttachmentEmptyError extends ApiError {
  override readonly name = 'AttachmentEmptyError';
  constructor() {
    super(400, 'attachment_empty', 'the file is empty');
  }
}

/**
 * Thrown when an upload's type, as sniffed from its bytes, is not one the profile accepts
 * (`attachment_type_not_allowed`), or is not the type its part declared (`attachment_type_mismatch`).
 */
export class AttachmentTypeError extends ApiError {
  override readonly name = 'AttachmentTypeError';
  constructor(code: 'attachment_type_not_allowed' | 'attachment_type_mismatch', message: string, details?: unknown) {
    super(415, code, message, details);
  }
}

/** Thrown when the deployment's scanner refuses a file (HANDOFF_ATTACHMENT_SCAN_COMMAND or _URL); nothing is stored. */
export class AttachmentRefusedError extends ApiError {
  override readonly name = 'AttachmentRefusedError';
  constructor(reason?: string) {
    super(422, 'attachment_refused', 'the file was refused by the attachment scanner', reason ? { reason } : undefined);
  }
}

/** Thrown when the scanner cannot give a verdict (it failed, or its endpoint is unreachable): the file is refused, never passed unscanned. */
export class ScannerUnavailableError extends ApiError {
  override readonly name = 'ScannerUnavailableError';
  constructor(reason: string) {
    super(503, 'scanner_unavailable', 'the attachment scanner could not check the file; retry shortly', { reason });
  }
}

/** Thrown when the store holds no file of that id (never stored, or deleted by retention). */
export class AttachmentNotFoundError extends NotFoundError {
  constructor(attachmentId: string) {
    super(`no attachment ${attachmentId}`, 'attachment_not_found');
  }
}

/** Thrown when a download link was signed by us but its time is up. */
export class LinkExpiredError extends ApiError {
  override readonly name = 'LinkExpiredError';
  constructor() {
    super(410, 'link_expired', 'the download link has expired; ask for a new one');
  }
}
