/**
 * Files by reference: the user's file comes through the bot (bot token), one multipart part named
 * `file`, streamed through the profile's limits into the store (busboy; never held whole in
 * memory), then handed to the handoff's workflow as a reference. A file goes back out to whoever
 * holds its signed link (no bot token: the link is the credential).
 */
import busboy from 'busboy';
import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { AttachmentIdSchema, UserAttachmentAcceptedSchema, type AttachmentRef, type UserAttachmentAccepted } from '../../contracts/attachment';
import { HandoffPathSchema, partsOfHandoffId } from '../../contracts/handoff-id';
import type { LoadedConfig } from '../../config/load';
import { essenceOf, OCTET_STREAM } from '../../attachments/content-type';
import { SignedFileLinkQuerySchema, setFileAnswerHeaders } from '../../attachments/file-answer';
import { DOWNLOAD_PATH, verifyDownloadToken } from '../../attachments/download-links';
import { AttachmentTooLargeError, LinkExpiredError } from '../../attachments/errors';
import { takeUpload, type AttachmentLimits, type IntakeDeps } from '../../attachments/intake';
import { MalformedRequestError, NotFoundError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '../../lib/api-errors';
import { defineRoute, ONE_FILE_PART } from '../route-table/define-route';
import { implement, type ImplementedRoute } from '../route-table/implement-route';
import { discardRestOfBody } from '../refused-body';
import { HANDOFF_PATH } from './handoffs';

/** What the routes ask of the handoff service. */
export interface UserAttachmentSink {
  userAttachment(handoffId: string, ref: AttachmentRef): Promise<UserAttachmentAccepted>;
}

export interface AttachmentRouteOptions extends IntakeDeps {
  service: UserAttachmentSink;
  config: LoadedConfig;
  /** The download-link key (attachments/download-links.ts `downloadSecretOf`). */
  downloadSecret: Buffer;
  clock?: () => number;
}

/** Room for the multipart framing around the file: boundaries, part headers, a few small fields. */
const MULTIPART_OVERHEAD = 64 * 1024;
/** How far past the limit a refused upload is still parsed (and dropped) before it is answered. */
const PARSE_ALLOWANCE = 1024 * 1024;

export const uploadRoute = defineRoute({
  method: 'post',
  path: `${HANDOFF_PATH}/attachments`,
  summary: "A user's file (multipart/form-data, one part named `file`), stored by reference and passed to the agent",
  description:
    "Limits per profile (`attachments.maxBytes`, `attachments.types`); the type is told from the bytes and must agree with the part's Content-Type. A refused file (413, 415, 422) is neither stored nor passed on. The same file sent twice to a handoff is one attachment (the first `seq`).",
  auth: 'bot',
  params: HandoffPathSchema,
  body: ONE_FILE_PART,
  answer: { status: 202, description: 'accepted', schema: UserAttachmentAcceptedSchema },
  errors: [404, 409, 422, 503],
});

export const downloadRoute = defineRoute({
  method: 'get',
  path: DOWNLOAD_PATH,
  summary: 'A file by its signed, expiring link (the link is the credential: no bot token)',
  auth: 'signed-link',
  params: z.object({ attachmentId: AttachmentIdSchema }),
  query: SignedFileLinkQuerySchema,
  answer: { status: 200, description: 'the bytes; `Content-Disposition: attachment` unless a raster image', bytes: 'application/octet-stream' },
  errors: [404, 410],
  errorDescriptions: { 404: 'no such file' },
});

export function attachmentRoutes(options: AttachmentRouteOptions): ImplementedRoute[] {
  const clock = options.clock ?? Date.now;
  return [
    implement(uploadRoute, async ({ params }, { req, res }) => {
      const limits = limitsOf(options.config, params.id);
      if (Number(req.headers['content-length']) > limits.maxBytes + MULTIPART_OVERHEAD) {
        discardRestOfBody(req, res);
        throw new AttachmentTooLargeError(limits.maxBytes);
      }
      const ref = await receiveFile(req, res, limits, (file, info) =>
        takeUpload(file, { name: info.filename, ...(info.mimeType && { declaredType: info.mimeType }) }, limits, options),
      );
      return options.service.userAttachment(params.id, ref);
    }),
    implement(downloadRoute, async ({ params: { attachmentId }, query }, { res }) => {
      const verdict = verifyDownloadToken(options.downloadSecret, { attachmentId, name: query.name, type: query.type, exp: query.exp }, query.token, clock());
      if (verdict === 'invalid') throw new UnauthorizedError('the download link is not valid');
      if (verdict === 'expired') throw new LinkExpiredError();
      const bytes = await options.store.open(attachmentId);
      await sendFile(res, bytes, query.name, essenceOf(query.type) ?? OCTET_STREAM, query.exp - clock());
    }),
  ];
}

/** The profile's limits; a handoff id whose profile this API does not know is an unknown handoff. */
function limitsOf(config: LoadedConfig, handoffId: string): AttachmentLimits {
  const profileName = partsOfHandoffId(handoffId)?.profile;
  const profile = profileName === undefined ? undefined : config.profiles.get(profileName);
  if (!profile) throw new NotFoundError('no such handoff', 'handoff_not_found');
  return profile.attachments;
}

type TakeFile = (file: Readable, info: busboy.FileInfo) => Promise<AttachmentRef>;

/**
 * Reads the multipart body: the part named `file` goes to `take`, any other part is skipped. The
 * answer waits for the body's end even when `take` refused the file early; a body that goes on far
 * past the limit is answered at once, and the rest of it read and dropped (api/refused-body.ts).
 */
function receiveFile(req: Request, res: Response, limits: AttachmentLimits, take: TakeFile): Promise<AttachmentRef> {
  return new Promise<AttachmentRef>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send file names as raw UTF-8.
        defParamCharset: 'utf8',
        limits: { files: 1, fileSize: limits.maxBytes + 1, fields: 20, fieldSize: 8 * 1024, parts: 40, headerPairs: 100 },
      });
    } catch {
      req.resume();
      reject(new UnsupportedMediaTypeError('unsupported_media_type', 'send the file as multipart/form-data, in one part named "file"'));
      return;
    }
    let taken: Promise<AttachmentRef> | undefined;
    /** Why the file was refused, once it was: the answer even when the body goes on too long to read. */
    let refusal: Error | undefined;
    let current: Readable | undefined;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      current?.destroy(error);
      reject(error);
    };

    parser.on('file', (field, file, info) => {
      if (field !== 'file' || taken) {
        file.resume();
        return;
      }
      current = file;
      taken = take(file, info);
      // A refused file is still read to its end (and dropped), so the rest of the body flows.
      taken.catch((error: unknown) => {
        refusal = error instanceof Error ? error : new Error(String(error));
        file.unpipe();
        file.resume();
      });
    });
    parser.on('error', (error: Error) => {
      req.resume();
      fail(new MalformedRequestError('unreadable_body', `the multipart body could not be read: ${error.message}`));
    });
    parser.on('close', () => {
      if (failed) return;
      if (!taken) {
        reject(new ValidationError('no file in the request', [{ path: 'file', message: 'a part named "file" holding the file is required' }]));
        return;
      }
      taken.then(resolve, reject);
    });

    let received = 0;
    const allowance = limits.maxBytes + MULTIPART_OVERHEAD + PARSE_ALLOWANCE;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > allowance && !failed) {
        fail(refusal ?? new AttachmentTooLargeError(limits.maxBytes));
        discardRestOfBody(req, res);
      }
    });
    req.on('close', () => {
      if (!req.complete) fail(new MalformedRequestError('unreadable_body', 'the client stopped sending the body'));
    });
    req.pipe(parser);
  });
}

async function sendFile(res: Response, bytes: Readable, name: string, type: string, msLeft: number): Promise<void> {
  res.status(200);
  setFileAnswerHeaders(res, { name, type, cacheControl: `private, max-age=${Math.max(0, Math.floor(msLeft / 1000))}` });
  try {
    await pipeline(bytes, res);
  } catch (error) {
    // Headers are gone once a byte is: all that is left is to cut the answer short.
    if (!res.headersSent) {
      res.removeHeader('content-disposition');
      throw error;
    }
    res.destroy();
  }
}
