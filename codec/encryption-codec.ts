/**
 * The payload codec that keeps personal data out of Temporal: every payload (arguments, results,
 * signals, updates, queries, failures' encoded attributes) is stored as AES-256-GCM ciphertext of
 * the original payload's protobuf bytes, with a random 12-byte IV, in the layout of Temporal's
 * encryption sample (`iv ‖ ciphertext ‖ tag`). The metadata says `encoding: binary/encrypted` and
 * names the key (`encryption-key-id`), so a history written before a rotation still decrypts.
 * Payloads without that encoding pass through decode unchanged: histories written before
 * encryption still replay.
 */
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
// The default import: Node's ESM loader finds no named exports in this CommonJS module.
import proto from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKeys } from './encryption-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const ProtoPayload = proto.temporal.api.common.v1.Payload;
const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/** Thrown when a payload was encrypted with a key that `HANDOFF_ENCRYPTION_KEYS` does not list (any more). */
export class UnknownEncryptionKeyError extends Error {
  override readonly name = 'UnknownEncryptionKeyError';
  constructor(
    readonly keyId: string,
    known: Iterable<string>,
  ) {
    super(
      `a payload is encrypted with key "${keyId}", which HANDOFF_ENCRYPTION_KEYS does not list (it lists ${[...known].map((id) => `"${id}"`).join(', ')}); add that key back, after the current one, to read it`,
    );
  }
}

/**
 * Thrown when an encrypted payload cannot be decrypted: it names no key, is too short, or fails
 * its authentication tag (it was altered, or encrypted with another key under the same id).
 */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
  constructor(reason: string) {
    super(`an encrypted payload cannot be decrypted: ${reason}`);
  }
}

export class EncryptionCodec implements PayloadCodec {
  private readonly currentKey: Buffer;
  private readonly currentIdBytes: Uint8Array;

  constructor(readonly keys: EncryptionKeys) {
    this.currentKey = keys.byId.get(keys.currentId)!;
    this.currentIdBytes = Buffer.from(keys.currentId);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.currentKey, iv);
    const sealed = Buffer.concat([iv, cipher.update(ProtoPayload.encode(payload).finish()), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: this.currentIdBytes },
      data: sealed,
    };
  }

  decrypt(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
    if (!keyId) throw new PayloadDecryptionError(`its metadata has no ${KEY_ID_METADATA}`);
    const key = this.keys.byId.get(keyId);
    if (!key) throw new UnknownEncryptionKeyError(keyId, this.keys.byId.keys());
    const sealed = payload.data ?? new Uint8Array();
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(`it is ${sealed.length} bytes, shorter than an IV and a tag`);
    const decipher = createDecipheriv(CIPHER, key, sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(`it fails authentication with key "${keyId}" (altered, or encrypted with another key of that id)`);
    }
    return ProtoPayload.decode(plain);
  }
}
