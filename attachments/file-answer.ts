/**
 * How a file is answered to whoever holds its signed link, by Handoff's API and by the local desk
 * alike: the link's query, and headers under which the file can run nothing on the origin serving it.
 */
import type { Response } from 'express';
import { z } from 'zod';
import { OCTET_STREAM } from './content-type';

/** The query of a signed file link: `?name=&type=&exp=&token=` (the token covers the rest). */
export const SignedFileLinkQuerySchema = z.object({
  name: z.string().min(1).max(256),
  type: z.string().min(1).max(200),
  exp: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'must be milliseconds since the epoch')
    .transform(Number)
    .describe('expiry, milliseconds since the epoch'),
  token: z.string().min(1).max(100),
});

/** Raster images a browser shows as they are; every other type is offered as a download. */
const SHOWN_INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function setFileAnswerHeaders(res: Response, file: { name: string; type: string; cacheControl: string }): void {
  const type = file.type.split(';')[0]!.trim().toLowerCase();
  res.setHeader('content-type', type === 'text/plain' ? 'text/plain; charset=utf-8' : /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : OCTET_STREAM);
  res.setHeader('content-disposition', `${SHOWN_INLINE.has(type) ? 'inline' : 'attachment'}; ${fileNameParameters(file.name)}`);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
  res.setHeader('cache-control', file.cacheControl);
}

/** `filename` for old clients (ASCII, quotes replaced) and `filename*` (RFC 5987) with the real name. */
function fileNameParameters(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
