/**
 * Files in Amazon Connect chats. User → agent: `StartAttachmentUpload` (name, size, type,
 * `ClientToken`) → PUT the bytes to `UploadMetadata.Url` with its `HeadersToInclude` →
 * `CompleteAttachmentUpload`; both calls carry a `ClientToken` derived from the item's `messageId`,
 * so a retried or repeated delivery is the same upload. A type Connect does not take (its
 * documented list) or a file over its size limit goes as a message with Handoff's signed link.
 * Agent → user: an ATTACHMENT transcript item names the file; `GetAttachment` answers a presigned
 * URL to fetch it from.
 */
import type { AttachmentRef } from '../../contracts/attachment';
import { charactersOf, cutToCharacters } from '../../lib/fit-utterance';

/**
 * The file types Connect chat takes (Administrator Guide, "Feature specifications": .csv, .doc,
 * .docx, .heic, .jpg, .jpeg, .mov, .mp4, .pdf, .png, .ppt, .pptx, .rtf, .txt, .wav, .xls, .xlsx).
 */
export const CONNECT_ATTACHMENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['text/csv', 'csv'],
  ['application/msword', 'doc'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['image/heic', 'heic'],
  ['image/jpeg', 'jpg'],
  ['video/quicktime', 'mov'],
  ['video/mp4', 'mp4'],
  ['application/pdf', 'pdf'],
  ['image/png', 'png'],
  ['application/vnd.ms-powerpoint', 'ppt'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx'],
  ['application/rtf', 'rtf'],
  ['text/plain', 'txt'],
  ['audio/wav', 'wav'],
  ['application/vnd.ms-excel', 'xls'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
]);

/** Connect's default size limit for a chat attachment. */
export const CONNECT_ATTACHMENT_MAX_BYTES = 20 * 1_024 * 1_024;

/** `AttachmentName` takes at most 256 characters. */
const NAME_MAX = 256;

/** Whether Connect's own attachment API takes this file; otherwise it goes as a link. */
export function connectTakes(ref: AttachmentRef): boolean {
  return CONNECT_ATTACHMENT_TYPES.has(baseType(ref.contentType)) && ref.size > 0 && ref.size <= CONNECT_ATTACHMENT_MAX_BYTES;
}

export function baseType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** The name Connect shows the agent: at most 256 characters, keeping the extension it knows the type by. */
export function connectAttachmentName(ref: AttachmentRef): string {
  const extension = CONNECT_ATTACHMENT_TYPES.get(baseType(ref.contentType));
  let name = ref.name;
  if (extension && !new RegExp(`\\.${extension}$`, 'i').test(name) && !(extension === 'jpg' && /\.jpe?g$/i.test(name))) name = `${name}.${extension}`;
  if (charactersOf(name).length <= NAME_MAX) return name;
  const suffix = extension ? `.${extension}` : '';
  return `${cutToCharacters(name, NAME_MAX - suffix.length)}${suffix}`;
}
