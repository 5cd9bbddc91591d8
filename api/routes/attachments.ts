/**
 * Files by reference. `POST /v1/handoffs/{id}/attachments` (bot token): one multipart part named
 * `file`, streamed through the profile's limits into the store (busboy; never held whole in
 * memory), then handed to the handoff's workflow as a reference. `GET /v1/attachments/{id}` (no
 * bot token: the signed link is the credential) streams a file back.
 */
import busboy from 'busboy';
import { Router, type Request, type Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { AttachmentRef, UserAttachmentAccepted } from '../../contracts/attachment';
import { HandoffIdSchema, partsOfHandoffId } from '../../contracts/handoff-id';
import type { LoadedConfig } from '../../config/load';
import { essenceOf, OCTET_STREAM } from '../../attachments/content-type';
import { SignedFileLinkQuerySchema, setFileAnswerHeaders } from '../../attachments/file-answer';
import { verifyDownloadToken } from '../../attachments/download-links';
import { AttachmentTooLargeError, LinkExpiredError } from '../../attachments/errors';
import { takeUpload, type AttachmentLimits, type IntakeDeps } from '../../attachments/intake';
import { checkAttachmentId } from '../../attachments/store';
import { MalformedRequestError, NotFoundError, UnauthorizedError, UnsupportedMediaTypeError, ValidationError } from '../../lib/api-errors';
import { handle, parseOrThrow } from '../../lib/validate';
import { refuseOtherMethods } from '../../lib/method-not-allowed';
import { discardRestOfBody } from '../refused-body';

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

const PathSchema = z.object({ id: HandoffIdSchema });
export function attachmentRoutes(options: AttachmentRouteOptions): Router {
  const router = Router();
  const clock = options.clock ?? Date.now;

  router
    .route('/v1/handoffs/:id/attachments')
    .post(
      handle(async (req, res) => {
        const handoffId = parseOrThrow(PathSchema, req.params, 'path').id;
        const limits = limitsOf(options.config, handoffId);
        if (Number(req.headers['content-length']) > limits.maxBytes + MULTIPART_OVERHEAD) {
          discardRestOfBody(req, res);
          throw new AttachmentTooLargeError(limits.maxBytes);
        }
        const ref = await receiveFile(req, res, limits, (file, info) =>
          takeUpload(file, { name: info.filename, ...(info.mimeType && { declaredType: info.mimeType }) }, limits, options),
        );
        res.status(202).json(await options.service.userAttachment(handoffId, ref));
      }),
    )
    .all(refuseOtherMethods('POST'));

  router
    .route('/v1/attachments/:attachmentId')
    .get(
      handle(async (req, res) => {
        const attachmentId = checkAttachmentId(String(req.params.attachmentId));
        const query = parseOrThrow(SignedFileLinkQuerySchema, req.query, 'query');
        const verdict = verifyDownloadToken(options.downloadSecret, { attachmentId, name: query.name, type: query.type, exp: query.exp }, query.token, clock());
        if (verdict === 'invalid') throw new UnauthorizedError('the download link is not valid');
        if (verdict === 'expired') throw new LinkExpiredError();
        const bytes = await options.store.open(attachmentId);
        await sendFile(res, bytes, query.name, essenceOf(query.type) ?? OCTET_STREAM, query.exp - clock());
      }),
    )
    .all(refuseOtherMethods('GET'));

  return router;
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
