/**
 * The codec server: Temporal's remote codec protocol (`POST …/decode`, `…/encode`, bodies
 * `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`, the UI adds `X-Namespace`) over
 * the payload codec, so the Temporal UI and `temporal --codec-endpoint` show decoded payloads.
 *
 * Only the Temporal UI's origin is granted CORS (a page of any other origin is refused outright),
 * and every call needs HANDOFF_CODEC_TOKEN: as `Authorization: Bearer <token>` at `/codec/decode`
 * and `/codec/encode`, or in the path, `/codec/<token>/decode`. The path form exists because the
 * dev server's UI (`--ui-codec-endpoint`) sends no credentials of its own: it has no setting to
 * include cookies or pass a token, so the endpoint it is given must carry the secret.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import cors from 'cors';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { requireBearer } from './auth';
import { refuseOtherMethods } from '../lib/method-not-allowed';
import { ApiError, NotFoundError, UnauthorizedError } from '../lib/api-errors';
import { secretsMatch } from '../lib/secret-compare';
import { withRequiredBody } from '../lib/validate';
import { CodecOriginRefusedError, UndecodablePayloadError } from '../codec/codec-errors';
import { PayloadDecryptionError, UnknownEncryptionKeyError } from '../codec/encryption-codec';
import { originsOf } from '../lib/loopback-origins';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** HANDOFF_CODEC_TOKEN. */
  token: string;
  /** The Temporal UI's origin (`TEMPORAL_UI_URL`), the only one granted CORS (with its other loopback names, `uiOrigins`). */
  uiOrigin: string;
  /** Where failures the server did not expect are reported (without the path, which may hold the token). */
  log?: (message: string, context: object) => void;
}

/** Proto3 JSON bytes: base64, standard or URL-safe, padded or not. */
const Base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');
const PayloadJsonSchema = z.object({
  metadata: z.record(z.string(), Base64).default({}),
  data: Base64.default(''),
});
// Proto3 JSON leaves an empty list out: the CLI sends `{}` to encode a query that has no input.
export const CodecRequestSchema = z.object({ payloads: z.array(PayloadJsonSchema).max(10_000, 'at most 10000 payloads at once').default([]) });
type PayloadJson = z.infer<typeof PayloadJsonSchema>;

const OPERATIONS = ['decode', 'encode'] as const;
type Operation = (typeof OPERATIONS)[number];

export function codecRouter(options: CodecServerOptions): Router {
  const router = Router();
  const origins = uiOrigins(options.uiOrigin);
  router.use(
    '/codec',
    refuseForeignOrigin(origins),
    cors({
      origin: origins,
      methods: ['POST'],
      allowedHeaders: ['Content-Type', 'X-Namespace', 'Authorization'],
      maxAge: 600,
    }),
  );
  router.route('/codec/:operation').post(requireBearer(options.token), operationHandler(options)).all(refuseOtherMethods('POST'));
  router.route('/codec/:token/:operation').post(requirePathToken(options.token), operationHandler(options)).all(refuseOtherMethods('POST'));
  return router;
}

/** A request from a page of another origin is refused; one without `Origin` (curl, the CLI) goes on to the token check. */
function refuseForeignOrigin(origins: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    const origin = req.header('origin');
    next(origin === undefined || origins.includes(origin) ? undefined : new CodecOriginRefusedError(origin));
  };
}

/**
 * The origins the UI's pages come from: `uiOrigin`, and when it names this machine's loopback,
 * the same scheme and port under the other loopback names. The dev server's UI answers at each
 * (`npm start` prints 127.0.0.1 beside localhost), and a page opened at another name than
 * `TEMPORAL_UI_URL`'s was refused and showed every payload encrypted.
 */
export function uiOrigins(uiOrigin: string): string[] {
  try {
    return originsOf(uiOrigin);
  } catch {
    return [uiOrigin];
  }
}

function requirePathToken(token: string): RequestHandler {
  return (req, _res, next) => {
    next(secretsMatch(String(req.params.token), token) ? undefined : new UnauthorizedError('a valid codec token is required'));
  };
}

function operationHandler({ codec, log }: CodecServerOptions): RequestHandler {
  const handlers = Object.fromEntries(
    OPERATIONS.map((operation) => [
      operation,
      withRequiredBody(CodecRequestSchema, async (_req, res, body) => {
        const payloads = body.payloads.map(payloadFromJson);
        const answered = await run(codec, operation, payloads, log);
        res.json({ payloads: answered.map(payloadToJson) });
      }),
    ]),
  ) as Record<Operation, RequestHandler>;
  return (req, res, next) => {
    const handler = handlers[req.params.operation as Operation] as RequestHandler | undefined;
    if (!handler) return next(new NotFoundError(`the codec server does ${OPERATIONS.join(' and ')}, not ${String(req.params.operation)}`, 'route_not_found'));
    return handler(req, res, next);
  };
}

async function run(codec: PayloadCodec, operation: Operation, payloads: Payload[], log: CodecServerOptions['log']): Promise<Payload[]> {
  try {
    return operation === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
  } catch (error) {
    if (error instanceof UnknownEncryptionKeyError) throw new UndecodablePayloadError('unknown_encryption_key', error.message, { keyId: error.keyId });
    if (error instanceof PayloadDecryptionError) throw new UndecodablePayloadError('undecryptable_payload', error.message);
    // The error handler would log the request's path, which may hold the token.
    log?.(`codec: ${operation} failed`, { error: error instanceof Error ? error.stack : String(error) });
    throw new ApiError(500, 'internal', 'internal error');
  }
}

function payloadFromJson(json: PayloadJson): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(json.metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(json.data, 'base64'),
  };
}

function payloadToJson(payload: Payload): PayloadJson {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? []).toString('base64')])),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}

/** The endpoint to give the Temporal UI (`--ui-codec-endpoint`): the path form, since that UI sends no credentials. */
export function uiCodecEndpoint(apiUrl: string, token: string): string {
  return `${apiUrl.replace(/\/$/, '')}/codec/${encodeURIComponent(token)}`;
}
