/** The attachment store of a deployment, from its settings: a folder under the data folder, or S3. */
import path from 'node:path';
import { FsAttachmentStore, INCOMING_FOLDER } from './fs-store';
import { S3AttachmentStore } from './s3-store';
import type { ScannerSettings } from './scanner';
import type { SweepableStore } from './store';

export type { AttachmentStore, AttachmentMeta, SweepableStore } from './store';

export interface AttachmentSettings {
  /** HANDOFF_ATTACHMENT_STORE. @default "fs" */
  store: 'fs' | 's3';
  /** HANDOFF_ATTACHMENT_S3_*: with `store: "s3"`. */
  s3?: { bucket: string; region?: string; endpoint?: string; prefix?: string; forcePathStyle?: boolean };
  /** HANDOFF_ATTACHMENT_RETENTION: files nobody stored again for this long are deleted. @default 30 days */
  retentionMs: number;
  /** HANDOFF_ATTACHMENT_SCAN_COMMAND / _URL; no scanning when neither is set. */
  scan?: ScannerSettings;
}

export const DEFAULT_ATTACHMENT_SETTINGS: AttachmentSettings = { store: 'fs', retentionMs: 30 * 86_400_000 };

/** `<data>/attachments`: the fs store's files, and where uploads are spooled on their way to S3 or the scanner. */
export function attachmentFolderOf(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

export function spoolFolderOf(dataDir: string): string {
  return path.join(attachmentFolderOf(dataDir), INCOMING_FOLDER);
}

export function createAttachmentStore(settings: AttachmentSettings, dataDir: string): SweepableStore {
  if (settings.store === 's3') {
    if (!settings.s3) throw new Error('the s3 attachment store needs its bucket (HANDOFF_ATTACHMENT_S3_BUCKET)');
    return new S3AttachmentStore({ ...settings.s3, spoolFolder: spoolFolderOf(dataDir) });
  }
  return new FsAttachmentStore(attachmentFolderOf(dataDir));
}
