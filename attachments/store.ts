import type { Readable } from 'node:stream';
import type { AttachmentRef } from '../contracts/attachment';
import { ValidationError } from '../lib/api-errors';

/** What a file is called and what its sender said it is; the store sniffs the type from the bytes. */
export interface AttachmentMeta {
  name: string;
  declaredType?: string;
}

/**
 * The attachment store (the claim check): bytes in, a reference out, keyed by the SHA-256 of the
 * bytes, so the same file is kept once. The API, the worker's activities and the connectors reach
 * files only through it.
 */
export interface AttachmentStore {
  put(bytes: Readable, meta: AttachmentMeta): Promise<AttachmentRef>;
  /** The bytes; `AttachmentNotFoundError` when there are none. */
  open(attachmentId: string): Promise<Readable>;
  has(attachmentId: string): Promise<boolean>;
  /** Nothing happens when there is nothing to delete. */
  delete(attachmentId: string): Promise<void>;
}

/** A store that can forget what nobody stored again for a while (the retention sweeper). */
export interface SweepableStore extends AttachmentStore {
  /** Deletes every file last stored before `cutoff`; how many went. */
  deleteStoredBefore(cutoff: Date): Promise<number>;
}

const ATTACHMENT_ID = /^[0-9a-f]{64}$/;

/** An attachment id is a SHA-256 in lowercase hex; anything else never reaches a file name or an object key. */
export function checkAttachmentId(attachmentId: string): string {
  if (!ATTACHMENT_ID.test(attachmentId)) {
    throw new ValidationError('invalid attachment id', [{ path: 'attachmentId', message: 'must be 64 lowercase hex digits (a SHA-256)' }]);
  }
  return attachmentId;
}

/**
 * Characters a name must not carry: C0 and C1 controls, and the bidirectional controls (U+061C,
 * U+200E/F, U+202A-E, U+2066-9) with which `invoice\u202Egnp.exe` reads as `invoiceexe.png`.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A file name as a reference may carry it: its last path segment, no control characters, at most 256 characters. */
export function cleanFileName(name: string | undefined): string {
  const last = (name ?? '').split(/[/\\]/).pop() ?? '';
  const clean = last.replace(UNSAFE_IN_NAME, '').trim();
  return [...clean].slice(0, 200).join('').slice(0, 256) || 'attachment';
}
