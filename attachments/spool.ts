/**
 * Writes an incoming stream to a private temporary file while hashing it, so nothing is held in
 * memory beyond the first bytes (kept to tell the type) and the key is known once the last byte is in.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from '../lib/private-folder';
import { SNIFF_BYTES } from './content-type';

export interface Spooled {
  file: string;
  sha256: string;
  size: number;
  /** The first bytes, to tell the type. */
  head: Buffer;
  /** Removes the temporary file; safe to call twice. */
  discard(): Promise<void>;
}

/**
 * Spools `bytes` into `folder` (made 0700); the file is 0600. A failed stream leaves no file behind.
 * Everything up to the pipeline is synchronous, so an error the stream emits early has a listener.
 */
export async function spool(bytes: Readable, folder: string): Promise<Spooled> {
  mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  const file = path.join(folder, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      hash.update(chunk);
      size += chunk.length;
      if (headBytes < SNIFF_BYTES) {
        head.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
        headBytes += Math.min(chunk.length, SNIFF_BYTES - headBytes);
      }
      done(null, chunk);
    },
  });
  const discard = () => rm(file, { force: true });
  const sink = createWriteStream(file, { flags: 'wx', mode: PRIVATE_FILE_MODE });
  const piped = pipeline(bytes, tap, sink);
  try {
    await piped;
  } catch (error) {
    await closed(sink);
    await discard();
    throw error;
  }
  return { file, sha256: hash.digest('hex'), size, head: Buffer.concat(head), discard };
}

/**
 * Resolves once a file stream has let go of its file. A pipeline fails as soon as one of its streams
 * does, which can be before the file stream has even opened (created) its file: removed then, the
 * file would be created after its removal and stay behind.
 */
export function closed(stream: WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}
