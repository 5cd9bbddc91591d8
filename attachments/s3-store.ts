/**
 * The attachment store on S3-compatible object storage (`HANDOFF_ATTACHMENT_STORE=s3`): one object
 * per content hash under a prefix. An upload is spooled to a local private file first, since the
 * key (its SHA-256) and the `Content-Length` S3 wants are known only at its end; S3 checks the
 * bytes against `x-amz-checksum-sha256`. Credentials come from the AWS SDK's default chain.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { deleteObjectsStoredBefore, isMissingObject, s3ClientOf, type S3Location } from '../lib/s3-objects';
import type { AttachmentRef } from '../contracts/attachment';
import { AttachmentNotFoundError } from './errors';
import { refOf } from './ref';
import { spool } from './spool';
import { checkAttachmentId, type AttachmentMeta, type SweepableStore } from './store';

export interface S3StoreOptions extends S3Location {
  /** Key prefix. @default "attachments/" */
  prefix?: string;
  /** Where uploads are spooled before they go up (a private folder under the data folder). */
  spoolFolder: string;
}

export class S3AttachmentStore implements SweepableStore {
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: S3StoreOptions) {
    this.prefix = options.prefix ?? 'attachments/';
    this.client = s3ClientOf(options);
  }

  async put(bytes: Readable, meta: AttachmentMeta): Promise<AttachmentRef> {
    const spooled = await spool(bytes, this.options.spoolFolder);
    try {
      // Put again even when the object exists: the same bytes, and its LastModified (the retention clock) starts over.
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.keyOf(spooled.sha256),
          Body: createReadStream(spooled.file),
          ContentLength: spooled.size,
          ContentType: 'application/octet-stream',
          ChecksumSHA256: Buffer.from(spooled.sha256, 'hex').toString('base64'),
        }),
      );
      return await refOf(spooled, meta);
    } finally {
      await spooled.discard();
    }
  }

  async open(attachmentId: string): Promise<Readable> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(checkAttachmentId(attachmentId)) }));
      if (answer.Body instanceof Readable) return answer.Body;
      throw new Error('S3 answered GetObject without a body stream');
    } catch (error) {
      if (isMissingObject(error)) throw new AttachmentNotFoundError(attachmentId);
      throw error;
    }
  }

  async has(attachmentId: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(checkAttachmentId(attachmentId)) }));
      return true;
    } catch (error) {
      if (isMissingObject(error)) return false;
      throw error;
    }
  }

  async delete(attachmentId: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(checkAttachmentId(attachmentId)) }));
  }

  deleteStoredBefore(cutoff: Date): Promise<number> {
    return deleteObjectsStoredBefore(this.client, this.options.bucket, this.prefix, cutoff, (name) => /^[0-9a-f]{64}$/.test(name));
  }

  private keyOf(attachmentId: string): string {
    return `${this.prefix}${attachmentId}`;
  }
}
