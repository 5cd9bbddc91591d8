/**
 * A user's upload on its way into the store: its size counted against the profile's limit, its
 * type sniffed from its first bytes and checked against the declared one and the profile's list,
 * and (when a scanner is configured) the whole file scanned before the store sees it. Any refusal
 * fails the stream before the store keeps a byte.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { AttachmentRef } from '../contracts/attachment';
import { essenceOf, HeadCheck, saysNothing, sniffContentType } from './content-type';
import { AttachmentEmptyError, AttachmentTooLargeError, AttachmentTypeError } from './errors';
import type { AttachmentScanner } from './scanner';
import { spool } from './spool';
import { cleanFileName, type AttachmentStore } from './store';

export interface AttachmentLimits {
  maxBytes: number;
  /** Media types accepted, as their essence (`image/png`). */
  types: readonly string[];
}

export interface IntakeDeps {
  store: AttachmentStore;
  scanner?: AttachmentScanner;
  /** Where a file waits for the scanner (a private folder). */
  spoolFolder: string;
}

export async function takeUpload(
  bytes: Readable,
  meta: { name?: string; declaredType?: string },
  limits: AttachmentLimits,
  deps: IntakeDeps,
): Promise<AttachmentRef> {
  let contentType = 'application/octet-stream';
  const check = new HeadCheck({
    maxBytes: limits.maxBytes,
    tooLarge: () => new AttachmentTooLargeError(limits.maxBytes),
    onHead: async (head) => {
      contentType = await checkedType(head, meta.declaredType, limits.types);
    },
  });
  bytes.on('error', (error) => check.destroy(error));
  bytes.pipe(check);
  const name = cleanFileName(meta.name);
  if (!deps.scanner) return deps.store.put(check, { name, declaredType: contentType });
  const spooled = await spool(check, deps.spoolFolder);
  try {
    await deps.scanner.scan(spooled.file);
    return await deps.store.put(createReadStream(spooled.file), { name, declaredType: contentType });
  } finally {
    await spooled.discard();
  }
}

/**
 * The file's type: what its bytes say it is, which must be what was declared (if anything) and on
 * the profile's list. An empty file has no type to tell (it would pass for empty text) and is refused.
 */
export async function checkedType(head: Buffer, declaredType: string | undefined, accepted: readonly string[]): Promise<string> {
  if (head.length === 0) throw new AttachmentEmptyError();
  const sniffed = await sniffContentType(head);
  const declared = essenceOf(declaredType);
  if (!saysNothing(declaredType) && declared !== sniffed) {
    throw new AttachmentTypeError(
      'attachment_type_mismatch',
      `the file is declared ${declared ?? declaredType} but its bytes are ${sniffed ?? 'of no known type'}`,
      {
        declared: declared ?? declaredType,
        ...(sniffed && { sniffed }),
      },
    );
  }
  if (!sniffed || !accepted.includes(sniffed)) {
    throw new AttachmentTypeError(
      'attachment_type_not_allowed',
      `${sniffed ?? 'a file of no known type'} is not accepted; this profile takes ${accepted.join(', ')}`,
      {
        accepted,
        ...(sniffed && { sniffed }),
      },
    );
  }
  return sniffed;
}
