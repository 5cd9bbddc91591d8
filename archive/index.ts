/** The archive of a deployment, from its settings: beside the attachments (a folder under the data folder, or their S3 bucket). */
import path from 'node:path';
import type { AttachmentSettings } from '../attachments';
import type { EncryptionKeys } from '../codec/encryption-keys';
import { HandoffArchive } from './handoff-archive';
import { FsRecordStore, S3RecordStore, type RecordStore } from './record-store';

export { HandoffArchive } from './handoff-archive';
export type { RecordStore } from './record-store';

/** `<data>/archive`, or `archive/` beside the attachments' prefix in their bucket. */
export function createRecordStore(settings: AttachmentSettings, dataDir: string): RecordStore {
  if (settings.store === 's3') {
    if (!settings.s3) throw new Error('the s3 attachment store needs its bucket (HANDOFF_ATTACHMENT_S3_BUCKET)');
    const { prefix = 'attachments/', ...s3 } = settings.s3;
    return new S3RecordStore({ ...s3, prefix: `${prefix.replace(/attachments\/$/, '')}archive/` });
  }
  return new FsRecordStore(path.join(dataDir, 'archive'));
}

export function createHandoffArchive(settings: AttachmentSettings, dataDir: string, keys: EncryptionKeys): { archive: HandoffArchive; records: RecordStore } {
  const records = createRecordStore(settings, dataDir);
  return { archive: new HandoffArchive(records, keys), records };
}
