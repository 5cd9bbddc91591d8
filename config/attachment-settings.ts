/** `HANDOFF_ATTACHMENT_*`: where users' and agents' files are kept, for how long, and who scans them. */
import { z } from 'zod';
import type { AttachmentSettings } from '../attachments';
import { DurationSchema } from './duration';

const httpUrl = (example: string) => z.url({ protocol: /^https?$/, error: `must be an http or https URL, like ${example}` });

export const AttachmentSettingsSchema = z.object({
  /** `fs` (a folder under the data folder) or `s3` (S3-compatible object storage). */
  HANDOFF_ATTACHMENT_STORE: z.enum(['fs', 's3'], { error: 'must be fs or s3' }).default('fs'),
  HANDOFF_ATTACHMENT_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional(),
  HANDOFF_ATTACHMENT_S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,50}$/, 'must be a region name, like eu-west-1')
    .default('us-east-1'),
  /** An S3-compatible server's address (MinIO, Ceph, moto); AWS's own when unset. */
  HANDOFF_ATTACHMENT_S3_ENDPOINT: httpUrl('http://localhost:9000').optional(),
  HANDOFF_ATTACHMENT_S3_PREFIX: z
    .string()
    .regex(/^(?:[A-Za-z0-9._-]+\/)*$/, 'must be empty or folder names each ending in /, like attachments/')
    .max(200)
    .default('attachments/'),
  /** Files nobody stored again for this long are deleted. */
  HANDOFF_ATTACHMENT_RETENTION: DurationSchema.refine((ms) => ms >= 3_600_000, 'must be a duration of at least 1h').default(30 * 86_400_000),
  /** A scanner command; the file's path is appended; exit 0 clean, 1 refused. */
  HANDOFF_ATTACHMENT_SCAN_COMMAND: z.string().trim().min(1).optional(),
  /** A scanner endpoint the bytes are POSTed to; 2xx clean, 403/422 refused. */
  HANDOFF_ATTACHMENT_SCAN_URL: httpUrl('http://127.0.0.1:3310/scan').optional(),
});
export type RawAttachmentSettings = z.infer<typeof AttachmentSettingsSchema>;

/** What the fields cannot say one by one: `NAME: reason`. */
export function attachmentSettingProblems(raw: RawAttachmentSettings): string[] {
  const problems: string[] = [];
  if (raw.HANDOFF_ATTACHMENT_STORE === 's3' && !raw.HANDOFF_ATTACHMENT_S3_BUCKET) {
    problems.push('HANDOFF_ATTACHMENT_S3_BUCKET: not set (HANDOFF_ATTACHMENT_STORE is s3)');
  }
  if (raw.HANDOFF_ATTACHMENT_SCAN_COMMAND && raw.HANDOFF_ATTACHMENT_SCAN_URL) {
    problems.push('HANDOFF_ATTACHMENT_SCAN_URL: set together with HANDOFF_ATTACHMENT_SCAN_COMMAND; set one scanner');
  }
  return problems;
}

export function attachmentSettingsOf(raw: RawAttachmentSettings): AttachmentSettings {
  return {
    store: raw.HANDOFF_ATTACHMENT_STORE,
    ...(raw.HANDOFF_ATTACHMENT_STORE === 's3' &&
      raw.HANDOFF_ATTACHMENT_S3_BUCKET && {
        s3: {
          bucket: raw.HANDOFF_ATTACHMENT_S3_BUCKET,
          region: raw.HANDOFF_ATTACHMENT_S3_REGION,
          prefix: raw.HANDOFF_ATTACHMENT_S3_PREFIX,
          ...(raw.HANDOFF_ATTACHMENT_S3_ENDPOINT && { endpoint: raw.HANDOFF_ATTACHMENT_S3_ENDPOINT }),
        },
      }),
    retentionMs: raw.HANDOFF_ATTACHMENT_RETENTION,
    ...((raw.HANDOFF_ATTACHMENT_SCAN_COMMAND ?? raw.HANDOFF_ATTACHMENT_SCAN_URL) && {
      scan: {
        ...(raw.HANDOFF_ATTACHMENT_SCAN_COMMAND && { command: raw.HANDOFF_ATTACHMENT_SCAN_COMMAND }),
        ...(raw.HANDOFF_ATTACHMENT_SCAN_URL && { url: raw.HANDOFF_ATTACHMENT_SCAN_URL }),
      },
    }),
  };
}
