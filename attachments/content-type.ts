/**
 * What a file is, read from its first bytes (file-type's magic numbers), never from its name or
 * the type a client declared: a declared type only has to agree with it.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';

/** How many leading bytes are read to tell a file's type (file-type's own advice). */
export const SNIFF_BYTES = 4_100;

export const OCTET_STREAM = 'application/octet-stream';

/** The media type of `head`: file-type's verdict, `text/plain` for UTF-8 text without NUL, else undefined. */
export async function sniffContentType(head: Uint8Array): Promise<string | undefined> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  return looksLikeText(head) ? 'text/plain' : undefined;
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    // `stream: true`: a character cut at the end of the head is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** `image/png; charset=x` → `image/png`; `image/jpg` → `image/jpeg`; lowercase. */
export function essenceOf(contentType: string | undefined): string | undefined {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!essence || !MEDIA_TYPE.test(essence)) return undefined;
  return ALIASES[essence] ?? essence;
}
/** `type/subtype` in RFC 6838's restricted names: nothing else reaches a header or a signed link. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'application/x-pdf': 'application/pdf' };

/** A declared type that says nothing about the file: absent, or the generic octet stream. */
export function saysNothing(declared: string | undefined): boolean {
  const essence = essenceOf(declared);
  return essence === undefined || essence === OCTET_STREAM;
}

/**
 * Passes bytes through, holding the first `SNIFF_BYTES` until `onHead` has looked at them (it may
 * throw, which fails the stream before a byte goes on), and failing the stream with `tooLarge()` once
 * more than `maxBytes` went by.
 */
export class HeadCheck extends Transform {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private released = false;
  private total = 0;

  constructor(
    private readonly check: {
      onHead(head: Buffer): Promise<void> | void;
      maxBytes?: number;
      tooLarge?: () => Error;
    },
  ) {
    super();
  }

  /** Bytes that went through so far. */
  get bytes(): number {
    return this.total;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.total += chunk.length;
    if (this.check.maxBytes !== undefined && this.total > this.check.maxBytes) {
      done(this.check.tooLarge?.() ?? new Error(`more than ${this.check.maxBytes} bytes`));
      return;
    }
    if (this.released) {
      done(null, chunk);
      return;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes < SNIFF_BYTES) done();
    else this.release(done);
  }

  override _flush(done: TransformCallback): void {
    if (this.released) done();
    else this.release(done);
  }

  private release(done: TransformCallback): void {
    const head = Buffer.concat(this.held);
    this.held = [];
    this.released = true;
    Promise.resolve()
      .then(() => this.check.onHead(head))
      .then(
        () => done(null, head),
        (error: unknown) => done(error as Error),
      );
  }
}
