import type { AttachmentAccess } from '../platforms/connector';
import { DEFAULT_LINK_TTL_MS, signDownloadUrl } from './download-links';
import type { AttachmentStore } from './store';

/** What activities and connectors get: the store's bytes by reference, signed links on the public URL, and `put`. */
export function createAttachmentAccess(store: AttachmentStore, publicUrl: string, downloadSecret: Buffer, clock: () => number = Date.now): AttachmentAccess {
  return {
    open: (ref) => store.open(ref.attachmentId),
    downloadUrl: (ref, ttlMs = DEFAULT_LINK_TTL_MS) => signDownloadUrl(publicUrl, downloadSecret, ref, ttlMs, clock()),
    put: (bytes, meta) => store.put(bytes, meta),
  };
}
