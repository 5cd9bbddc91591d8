/**
 * The agent's files on the local desk: kept under the desk's data folder (`desk-files/`, 0700, each
 * file 0600, named by its SHA-256), and served at `GET /desk/files/{id}?name=&type=&exp=&token=`
 * to whoever holds the signed link: Handoff's worker, which fetches the file into its attachment
 * store when the desk's `agent.attachment` event arrives, and the agent's own page. The desk is a
 * platform like any other: Handoff reaches its files only through such a link. An agent's file is
 * held to the rules of a user's (attachments/intake.ts): its profile's size, and its type told from
 * its bytes, agreeing with the declared one and on the profile's list.
 */
import busboy from 'busboy';
import { createHash, createHmac, hkdfSync, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { HeadCheck, OCTET_STREAM } from '../../attachments/content-type';
import { AttachmentEmptyError, AttachmentTooLargeError } from '../../attachments/errors';
import { checkedType, type AttachmentLimits } from '../../attachments/intake';
import { closed } from '../../attachments/spool';
import { cleanFileName } from '../../attachments/store';
import { MalformedRequestError, NotFoundError, UnsupportedMediaTypeError, ValidationError } from '../../lib/api-errors';
import { secretsMatch } from '../../lib/secret-compare';

/** How long the link sent to Handoff works: the worker may fetch it late, after an outage. */
export const DESK_FILE_LINK_TTL_MS = 24 * 3_600_000;

export const DESK_FILES_FOLDER = 'desk-files';

const FILE_ID = /^[0-9a-f]{64}$/;

export interface DeskFile {
  fileId: string;
  name: string;
  contentType: string;
  size: number;
}

export interface LinkParams {
  name: string;
  type: string;
  exp: number;
}

/** Thrown when a desk file link is wrong or has expired. */
export class DeskFileLinkError extends Error {
  override readonly name = 'DeskFileLinkError';
  constructor(readonly reason: 'invalid' | 'expired') {
    super(reason === 'expired' ? 'the file link has expired' : 'the file link is not valid');
  }
}

export class DeskFiles {
  private readonly key: Buffer;

  /** `folder` is the desk's data folder; `secret` the desk secret, from which the link key is derived. */
  constructor(
    private readonly folder: string,
    secret: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, '', 'desk-file-link', 32));
  }

  /** Reads the one `file` part of a multipart upload into the folder within `limits`, hashing it on the way; nothing stays of a refused one. */
  async receive(req: Request, limits: AttachmentLimits): Promise<DeskFile> {
    const { maxBytes } = limits;
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    return new Promise<DeskFile>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        // Browsers send file names as raw UTF-8 (busboy's default, latin1, turns "für" into "fÃ¼r").
        parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes + 1, fields: 10, parts: 20 } });
      } catch {
        req.resume();
        reject(new UnsupportedMediaTypeError('unsupported_media_type', 'send the file as multipart/form-data, in one part named "file"'));
        return;
      }
      let saving: Promise<DeskFile> | undefined;
      parser.on('file', (field, file, info) => {
        if (field !== 'file' || saving) return void file.resume();
        saving = this.save(file, info.filename ?? '', info.mimeType, limits);
        saving.catch(() => {
          file.unpipe();
          file.resume();
        });
      });
      parser.on('error', (error: Error) => {
        req.unpipe(parser);
        req.resume();
        reject(new MalformedRequestError('unreadable_body', `the multipart body could not be read: ${error.message}`));
      });
      parser.on('close', () => {
        if (!saving) reject(new ValidationError('no file in the request', [{ path: 'file', message: 'a part named "file" holding the file is required' }]));
        else saving.then(resolve, reject);
      });
      req.pipe(parser);
    });
  }

  /** The file's bytes, for a holder of a valid link. */
  async open(fileId: string, link: LinkParams, token: string): Promise<Readable> {
    this.verify(fileId, link, token);
    const file = this.pathOf(fileId);
    try {
      await stat(file);
    } catch {
      throw new NotFoundError('no such file', 'file_not_found');
    }
    return createReadStream(file);
  }

  /** `<deskUrl>/files/<id>?name=&type=&exp=&token=`, valid `ttlMs` from now. */
  link(deskUrl: string, file: DeskFile, ttlMs = DESK_FILE_LINK_TTL_MS): string {
    const exp = this.clock() + ttlMs;
    const params = new URLSearchParams({
      name: file.name,
      type: file.contentType,
      exp: String(exp),
      token: this.token(file.fileId, { name: file.name, type: file.contentType, exp }),
    });
    return `${deskUrl}/files/${file.fileId}?${params}`;
  }

  verify(fileId: string, link: LinkParams, token: string): void {
    if (!FILE_ID.test(fileId) || !secretsMatch(token, this.token(fileId, link))) throw new DeskFileLinkError('invalid');
    if (link.exp < this.clock()) throw new DeskFileLinkError('expired');
  }

  private token(fileId: string, { name, type, exp }: LinkParams): string {
    return createHmac('sha256', this.key)
      .update(JSON.stringify([fileId, name, type, exp]))
      .digest('base64url');
  }

  private pathOf(fileId: string): string {
    if (!FILE_ID.test(fileId)) throw new NotFoundError('no such file', 'file_not_found');
    return path.join(this.folder, fileId);
  }

  private async save(bytes: Readable, name: string, declaredType: string, { maxBytes, types }: AttachmentLimits): Promise<DeskFile> {
    const temporary = path.join(this.folder, `.incoming-${randomUUID()}`);
    const hash = createHash('sha256');
    let size = 0;
    let contentType = OCTET_STREAM;
    // Past the limit the bytes are counted and dropped, not refused mid-stream (busboy itself stops
    // the file one byte past the limit and skips the rest of it); those within it go on, so the
    // type is still told from the first bytes.
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        const room = Math.max(0, maxBytes - size);
        size += chunk.length;
        const kept = chunk.subarray(0, room);
        hash.update(kept);
        done(null, kept.length > 0 ? kept : undefined);
      },
    });
    const typed = new HeadCheck({
      onHead: async (head) => {
        contentType = await checkedType(head, declaredType, types);
      },
    });
    const sink = createWriteStream(temporary, { mode: 0o600, flags: 'wx' });
    // Piped, not part of the pipeline: a refusal would destroy busboy's file stream, after which
    // busboy reads no more of the body and never answers; `receive` drains it instead.
    bytes.pipe(counted);
    try {
      await pipeline(counted, typed, sink);
      if (size > maxBytes) throw new AttachmentTooLargeError(maxBytes);
      if (size === 0) throw new AttachmentEmptyError();
      const fileId = hash.digest('hex');
      await rename(temporary, this.pathOf(fileId));
      return { fileId, name: cleanFileName(name), contentType, size };
    } catch (error) {
      await closed(sink);
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

/** Messages as a page gets them: the agent's files with a fresh link of the desk's in place of their `fileId`. */
export function withFileLinks<M extends { attachment?: { fileId?: string; url?: string; name: string; contentType: string; size: number } }>(
  messages: M[],
  files: DeskFiles,
  deskUrl: string,
  ttlMs = 3_600_000,
): M[] {
  return messages.map((message) => {
    const file = message.attachment;
    if (!file?.fileId) return message;
    const { fileId, ...shown } = file;
    return {
      ...message,
      attachment: { ...shown, url: files.link(deskUrl, { fileId, name: file.name, contentType: file.contentType, size: file.size }, ttlMs) },
    };
  });
}
