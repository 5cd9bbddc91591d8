import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FAILURE_CONVERTER_PATH } from '../../codec/data-converter';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA, PayloadDecryptionError, UnknownEncryptionKeyError } from '../../codec/encryption-codec';
import { generateEncryptionKeys, InvalidEncryptionKeysError, parseEncryptionKeys } from '../../codec/encryption-keys';
import { loadSettings, type SettingsError } from '../../config/settings';

const SECRET_TEXT = 'my SSN is 078-05-1120, mail ada@example.com';
const k1 = generateEncryptionKeys('k1');
const k2 = generateEncryptionKeys('k2');
const codecOf = (keys: string) => new EncryptionCodec(parseEncryptionKeys(keys));
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);

describe('the payload codec', () => {
  it('encrypts a payload so its bytes hold nothing of the value, and decrypts it back', async () => {
    const codec = codecOf(k1);
    const [encrypted] = await codec.encode([plain({ text: SECRET_TEXT })]);

    expect(text(encrypted!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted!.metadata![KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(encrypted!.data!).includes(Buffer.from('078-05-1120'))).toBe(false);
    expect(Object.keys(encrypted!.metadata!).sort()).toEqual([KEY_ID_METADATA, 'encoding'].sort());
    const [decrypted] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decrypted!)).toEqual({ text: SECRET_TEXT });
  });

  it('uses a new random IV for every payload', async () => {
    const codec = codecOf(k1);
    const [a, b] = await codec.encode([plain('same'), plain('same')]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    expect(Buffer.from(a!.data!).subarray(0, 12).equals(Buffer.from(b!.data!).subarray(0, 12))).toBe(false);
  });

  it('passes a payload that is not encrypted through decode unchanged (histories written before encryption)', async () => {
    const old = plain({ text: 'written before encryption' });
    const [decoded] = await codecOf(k1).decode([old]);
    expect(decoded).toBe(old);
  });

  it('encrypts with the first key and decrypts with every listed key (a rotation)', async () => {
    const [old] = await codecOf(k1).encode([plain('old')]);
    const rotated = codecOf(`${k2},${k1}`);
    const [fresh] = await rotated.encode([plain('new')]);

    expect(text(fresh!.metadata![KEY_ID_METADATA])).toBe('k2');
    const decoded = await rotated.decode([old!, fresh!]);
    expect(decoded.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual(['old', 'new']);
  });

  it('names the key id it does not have, and no key material', async () => {
    const [old] = await codecOf(k1).encode([plain('old')]);
    const without = codecOf(k2);
    const failure = await without.decode([old!]).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UnknownEncryptionKeyError);
    expect((failure as UnknownEncryptionKeyError).keyId).toBe('k1');
    expect((failure as Error).message).toMatch(/^a payload is encrypted with key "k1", which HANDOFF_ENCRYPTION_KEYS does not list \(it lists "k2"\)/);
    expect((failure as Error).message).not.toContain(k2.split(':')[1]);
  });

  it('refuses an altered payload, or one encrypted with another key under the same id', async () => {
    const [sealed] = await codecOf(k1).encode([plain('untouched')]);
    const altered = Buffer.from(sealed!.data!);
    altered[20] = altered[20]! ^ 1;
    await expect(codecOf(k1).decode([{ ...sealed!, data: altered }])).rejects.toThrow(PayloadDecryptionError);
    await expect(codecOf(generateEncryptionKeys('k1')).decode([sealed!])).rejects.toThrow(/fails authentication with key "k1"/);
    await expect(codecOf(k1).decode([{ ...sealed!, data: altered.subarray(0, 10) }])).rejects.toThrow(/shorter than an IV and a tag/);
    await expect(codecOf(k1).decode([{ metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING) }, data: altered }])).rejects.toThrow(/has no encryption-key-id/);
  });
});

describe('the failure converter', () => {
  it('moves a failure message and stack trace into a payload, which the codec encrypts', async () => {
    const { failureConverter } = createRequire(import.meta.url)(FAILURE_CONVERTER_PATH);
    const failure = failureConverter.errorToFailure(new Error(SECRET_TEXT), defaultPayloadConverter);

    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    const [encrypted] = await codecOf(k1).encode([failure.encodedAttributes]);
    expect(Buffer.from(encrypted!.data!).includes(Buffer.from('078-05-1120'))).toBe(false);
    const [decrypted] = await codecOf(k1).decode([encrypted!]);
    const restored = failureConverter.failureToError({ ...failure, encodedAttributes: decrypted }, defaultPayloadConverter);
    expect(restored.message).toBe(SECRET_TEXT);
  });
});

describe('HANDOFF_ENCRYPTION_KEYS', () => {
  const material = Buffer.alloc(32, 7).toString('base64');

  it('reads `<id>:<base64 of 32 bytes>` entries, the first encrypting', () => {
    const keys = parseEncryptionKeys(` k2:${material} , k1:${Buffer.alloc(32, 1).toString('base64url')}`);
    expect(keys.currentId).toBe('k2');
    expect([...keys.byId.keys()]).toEqual(['k2', 'k1']);
    expect(keys.byId.get('k1')).toEqual(Buffer.alloc(32, 1));
  });

  it('lists every problem by entry and key id, never the key', () => {
    const short = Buffer.alloc(16, 3).toString('base64');
    let problems: string[] = [];
    try {
      parseEncryptionKeys(`k1:${short},${material},bad id:${material},k1:${material},k3:not*base64`);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEncryptionKeysError);
      problems = (error as InvalidEncryptionKeysError).problems;
    }
    expect(problems).toEqual([
      'entry 1 (key id "k1"): the key must be base64 of 32 random bytes (it decodes to 16)',
      'entry 2 is not <id>:<base64 of 32 bytes>',
      'entry 3: the key id must be 1 to 64 letters, digits, ".", "_" or "-"',
      'entry 4: key id "k1" is listed twice',
      'entry 5 (key id "k3"): the key must be base64 of 32 random bytes',
    ]);
    for (const problem of problems) expect(problem).not.toContain(short);
  });

  it('is required, and a bad value is a start-up problem that names the setting and not the key', () => {
    const secrets = { HANDOFF_API_TOKEN: 'a'.repeat(16), HANDOFF_CALLBACK_SECRET: 'b'.repeat(16), LOCAL_DESK_SECRET: 'c'.repeat(16) };
    const problemsWith = (env: NodeJS.ProcessEnv) => {
      try {
        loadSettings(env);
      } catch (error) {
        return (error as SettingsError).problems.filter((p) => p.startsWith('HANDOFF_ENCRYPTION_KEYS'));
      }
      return [];
    };
    expect(problemsWith(secrets)).toEqual(['HANDOFF_ENCRYPTION_KEYS: not set']);
    const leaked = Buffer.alloc(31, 9).toString('base64');
    expect(problemsWith({ ...secrets, HANDOFF_ENCRYPTION_KEYS: `k1:${leaked}` })).toEqual([
      'HANDOFF_ENCRYPTION_KEYS: entry 1 (key id "k1"): the key must be base64 of 32 random bytes (it decodes to 31) (from the environment variable)',
    ]);
    expect(problemsWith({ ...secrets, HANDOFF_ENCRYPTION_KEYS: '' })).toEqual([
      'HANDOFF_ENCRYPTION_KEYS: empty; expected <id>:<base64 of 32 bytes> (empty in the environment variable)',
    ]);
    expect(loadSettings({ ...secrets, HANDOFF_ENCRYPTION_KEYS: k1 }).HANDOFF_ENCRYPTION_KEYS.currentId).toBe('k1');
  });
});
