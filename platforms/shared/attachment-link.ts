/**
 * A user's file as a chat message, for a platform (or a file type) that takes no files: its name,
 * its size and a signed download link of Handoff's, valid a week so an agent can open it later.
 */
import type { AttachmentRef } from '../../contracts/attachment';
import type { AttachmentAccess } from '../connector';

/** How long a link sent in a message stays valid. */
export const ATTACHMENT_LINK_TTL_MS = 7 * 24 * 3_600_000;

export function attachmentLinkText(attachments: AttachmentAccess, ref: AttachmentRef): string {
  return `The user sent a file: ${ref.name} (${ref.contentType}, ${formatBytes(ref.size)}): ${attachments.downloadUrl(ref, ATTACHMENT_LINK_TTL_MS)}`;
}

export function formatBytes(size: number): string {
  if (size < 1_024) return `${size} B`;
  if (size < 1_024 * 1_024) return `${(size / 1_024).toFixed(1)} KB`;
  return `${(size / (1_024 * 1_024)).toFixed(1)} MB`;
}
