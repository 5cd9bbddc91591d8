import { ApiError } from '../lib/api-errors';

/** Thrown when a codec request comes from a browser page of another origin than the Temporal UI's. */
export class CodecOriginRefusedError extends ApiError {
  override readonly name = 'CodecOriginRefusedError';
  constructor(origin: string) {
    super(403, 'origin_refused', `the codec server answers only the Temporal UI's pages, not ${origin}`);
  }
}

/** Thrown when the codec server is asked to decode a payload it cannot: its key is not listed, or it fails authentication. */
export class UndecodablePayloadError extends ApiError {
  override readonly name = 'UndecodablePayloadError';
  constructor(code: 'unknown_encryption_key' | 'undecryptable_payload', message: string, details?: unknown) {
    super(422, code, message, details);
  }
}
