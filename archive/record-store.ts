/**
 * Where the archive keeps its records: small named objects, in the attachment store's backend (a
 * folder under the data folder, or the same S3 bucket under `archive/`). Unlike attachments they
 * are named by what they are (`<chain>/transcript/3`), not by their bytes, and a write replaces.
 */
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { deleteObjectsStoredBefore, isMissingObject, s3ClientOf, type S3Location } from '../lib/s3-objects';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from '../lib/private-folder';

export interface RecordStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes, or undefined when there is no such record. */
  get(key: string): Promise<Buffer | undefined>;
  /** Deletes every record last written before `cutoff`; how many went. */
  deleteStoredBefore(cutoff: Date): Promise<number>;
}

/** Keys are path segments of letters, digits, `-`, `_` and `.` (never `..`), so none leaves the folder or the prefix. */
const KEY = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

export function checkRecordKey(key: string): string {
  if (!KEY.test(key) || key.length > 512) throw new Error(`invalid archive key "${key}"`);
  return key;
}

/** Records as files (0600 in 0700 folders) under `<data>/archive`, written to a temporary name and renamed, so a reader never sees half of one. */
export class FsRecordStore implements RecordStore {
  constructor(readonly folder: string) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = path.join(this.folder, checkRecordKey(key));
    await mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_FOLDER_MODE });
    const part = `${file}.${randomUUID()}.part`;
    await writeFile(part, bytes, { mode: PRIVATE_FILE_MODE });
    await rename(part, file);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(path.join(this.folder, checkRecordKey(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async deleteStoredBefore(cutoff: Date): Promise<number> {
    let deleted = 0;
    const visit = async (folder: string): Promise<void> => {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const target = path.join(folder, entry.name);
        if (entry.isDirectory()) await visit(target);
        else if (entry.isFile() && (await stat(target)).mtime < cutoff) {
          await rm(target, { force: true });
          deleted++;
        }
      }
    };
    await visit(this.folder);
    return deleted;
  }
}

export interface S3RecordStoreOptions extends S3Location {
  /** @default "archive/" */
  prefix?: string;
}

export class S3RecordStore implements RecordStore {
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: S3RecordStoreOptions) {
    this.prefix = options.prefix ?? 'archive/';
    this.client = s3ClientOf(options);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key), Body: bytes, ContentLength: bytes.length }));
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }));
      return Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
  }

  deleteStoredBefore(cutoff: Date): Promise<number> {
    return deleteObjectsStoredBefore(this.client, this.options.bucket, this.prefix, cutoff);
  }

  private keyOf(key: string): string {
    return `${this.prefix}${checkRecordKey(key)}`;
  }
}
