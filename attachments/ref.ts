import type { AttachmentRef } from '../contracts/attachment';
import { essenceOf, OCTET_STREAM, sniffContentType } from './content-type';
import type { Spooled } from './spool';
import { cleanFileName, type AttachmentMeta } from './store';

/**
 * The reference of a spooled file: its type as its bytes say (file-type), else the declared one,
 * else `application/octet-stream`. The API has already refused a file whose bytes and declared
 * type disagree; a file from an agent's platform is taken as the platform describes it.
 */
export async function refOf(spooled: Pick<Spooled, 'sha256' | 'size' | 'head'>, meta: AttachmentMeta): Promise<AttachmentRef> {
  const sniffed = await sniffContentType(spooled.head);
  const declared = essenceOf(meta.declaredType);
  const contentType = (sniffed === 'text/plain' && declared?.startsWith('text/') ? declared : sniffed) ?? declared ?? OCTET_STREAM;
  return { attachmentId: spooled.sha256, name: cleanFileName(meta.name), contentType: contentType.slice(0, 200), size: spooled.size, sha256: spooled.sha256 };
}
