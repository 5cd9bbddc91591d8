/**
 * The payload codec's keys, from `HANDOFF_ENCRYPTION_KEYS`: `<id>:<base64 of 32 bytes>` entries,
 * comma-separated. The first encrypts new payloads; every listed key decrypts, so a rotation puts
 * the new key first and keeps the old ones until no history needs them. Problems name the entry
 * and its id, never the key material.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
// Node's base64 decoder reads the URL-safe alphabet too.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export interface EncryptionKeys {
  /** The id of the key new payloads are encrypted with: the first listed. */
  readonly currentId: string;
  /** Every key that decrypts, by id. */
  readonly byId: ReadonlyMap<string, Buffer>;
}

/** Thrown when a list of encryption keys cannot be used; names each problem, never a key. */
export class InvalidEncryptionKeysError extends Error {
  override readonly name = 'InvalidEncryptionKeysError';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** The keys of a `HANDOFF_ENCRYPTION_KEYS` value, or an `InvalidEncryptionKeysError` listing what is wrong. */
export function parseEncryptionKeys(text: string): EncryptionKeys {
  const problems: string[] = [];
  const byId = new Map<string, Buffer>();
  const seen = new Set<string>();
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') throw new InvalidEncryptionKeysError([`empty; expected <id>:<base64 of ${KEY_BYTES} bytes>`]);
  for (const [index, entry] of entries.entries()) {
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`${where} is not <id>:<base64 of ${KEY_BYTES} bytes>`);
      continue;
    }
    const id = entry.slice(0, colon).trim();
    const material = entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) {
      problems.push(`${where}: the key id must be 1 to 64 letters, digits, ".", "_" or "-"`);
      continue;
    }
    if (seen.has(id)) {
      problems.push(`${where}: key id "${id}" is listed twice`);
      continue;
    }
    seen.add(id);
    const key = BASE64.test(material) ? Buffer.from(material, 'base64') : undefined;
    if (!key || key.length !== KEY_BYTES) {
      problems.push(`${where} (key id "${id}"): the key must be base64 of ${KEY_BYTES} random bytes${key ? ` (it decodes to ${key.length})` : ''}`);
      continue;
    }
    byId.set(id, key);
  }
  if (problems.length > 0) throw new InvalidEncryptionKeysError(problems);
  return { currentId: entries[0]!.slice(0, entries[0]!.indexOf(':')).trim(), byId };
}

/** The settings' schema of `HANDOFF_ENCRYPTION_KEYS`: the text in, the parsed keys out. */
export const encryptionKeysSetting = z.string().transform((text, context) => {
  try {
    return parseEncryptionKeys(text);
  } catch (error) {
    if (!(error instanceof InvalidEncryptionKeysError)) throw error;
    for (const problem of error.problems) context.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
});

/** A new `HANDOFF_ENCRYPTION_KEYS` value of one random key. */
export function generateEncryptionKeys(id = 'k1'): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}
