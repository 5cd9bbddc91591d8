/**
 * The default attachment store: a folder under the data folder (`<data>/attachments/`), one file
 * per content hash (`ab/abcd…`), 0600 in 0700 folders. Uploads are spooled into `.incoming/` and
 * renamed into place, so a reader never sees half a file and a crash leaves only a stray part file.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { AttachmentRef } from '../contracts/attachment';
import { PRIVATE_FOLDER_MODE } from '../lib/private-folder';
import { AttachmentNotFoundError } from './errors';
import { refOf } from './ref';
import { spool } from './spool';
import { checkAttachmentId, type AttachmentMeta, type SweepableStore } from './store';

export const INCOMING_FOLDER = '.incoming';
/** A part file this old is a crash's leftover. */
const STRAY_PART_MS = 60 * 60_000;

export class FsAttachmentStore implements SweepableStore {
  constructor(
    /** `<data>/attachments`. */
    readonly folder: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async put(bytes: Readable, meta: AttachmentMeta): Promise<AttachmentRef> {
    const spooled = await spool(bytes, path.join(this.folder, INCOMING_FOLDER));
    try {
      const target = this.fileOf(spooled.sha256);
      await mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_FOLDER_MODE });
      if (await exists(target)) {
        // Stored again: the retention period starts over.
        const now = new Date(this.clock());
        await utimes(target, now, now);
      } else {
        await rename(spooled.file, target);
      }
      return await refOf(spooled, meta);
    } finally {
      await spooled.discard();
    }
  }

  async open(attachmentId: string): Promise<Readable> {
    const file = this.fileOf(checkAttachmentId(attachmentId));
    const stream = createReadStream(file);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new AttachmentNotFoundError(attachmentId) : error));
    });
    return stream;
  }

  async has(attachmentId: string): Promise<boolean> {
    return exists(this.fileOf(checkAttachmentId(attachmentId)));
  }

  async delete(attachmentId: string): Promise<void> {
    await rm(this.fileOf(checkAttachmentId(attachmentId)), { force: true });
  }

  async deleteStoredBefore(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (const entry of await readdirOrNone(this.folder)) {
      const folder = path.join(this.folder, entry);
      const isIncoming = entry === INCOMING_FOLDER;
      if (!isIncoming && !/^[0-9a-f]{2}$/.test(entry)) continue;
      const before = isIncoming ? new Date(this.clock() - STRAY_PART_MS) : cutoff;
      for (const name of await readdirOrNone(folder)) {
        const file = path.join(folder, name);
        const info = await stat(file).catch(() => undefined);
        if (!info?.isFile() || info.mtime >= before) continue;
        await rm(file, { force: true });
        if (!isIncoming) deleted++;
      }
    }
    return deleted;
  }

  private fileOf(attachmentId: string): string {
    return path.join(this.folder, attachmentId.slice(0, 2), attachmentId);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function readdirOrNone(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
