import { describe, expect, it } from 'vitest';
import { attachmentSettingsOf } from '../../config/attachment-settings';
import { loadSettings, SettingsError } from '../../config/settings';
import { generateEncryptionKeys } from '../../codec/encryption-keys';

const BASE = {
  HANDOFF_API_TOKEN: 'api-token-0123456789',
  HANDOFF_CALLBACK_SECRET: 'callback-secret-0123456789',
  LOCAL_DESK_SECRET: 'desk-secret-0123456789',
  HANDOFF_ENCRYPTION_KEYS: generateEncryptionKeys(),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings({ ...BASE, ...env });
    return [];
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return error.problems;
  }
}

describe('attachment settings', () => {
  it('keep files in the data folder for 30 days, unscanned, unless told', () => {
    expect(attachmentSettingsOf(loadSettings(BASE))).toEqual({ store: 'fs', retentionMs: 30 * 86_400_000 });
  });

  it('take S3 with a bucket, an endpoint and a prefix, and a scanner', () => {
    const settings = loadSettings({
      ...BASE,
      HANDOFF_ATTACHMENT_STORE: 's3',
      HANDOFF_ATTACHMENT_S3_BUCKET: 'handoff-files',
      HANDOFF_ATTACHMENT_S3_ENDPOINT: 'http://minio.internal:9000',
      HANDOFF_ATTACHMENT_RETENTION: '7d',
      HANDOFF_ATTACHMENT_SCAN_COMMAND: 'clamdscan --no-summary --fdpass',
    });
    expect(attachmentSettingsOf(settings)).toEqual({
      store: 's3',
      s3: { bucket: 'handoff-files', region: 'us-east-1', prefix: 'attachments/', endpoint: 'http://minio.internal:9000' },
      retentionMs: 7 * 86_400_000,
      scan: { command: 'clamdscan --no-summary --fdpass' },
    });
  });

  it('say what is wrong', () => {
    expect(problemsOf({ HANDOFF_ATTACHMENT_STORE: 's3' })).toEqual(['HANDOFF_ATTACHMENT_S3_BUCKET: not set (HANDOFF_ATTACHMENT_STORE is s3)']);
    expect(problemsOf({ HANDOFF_ATTACHMENT_STORE: 'disk' })).toEqual(['HANDOFF_ATTACHMENT_STORE: must be fs or s3 (from the environment variable)']);
    expect(problemsOf({ HANDOFF_ATTACHMENT_RETENTION: '10m' })).toEqual([
      'HANDOFF_ATTACHMENT_RETENTION: must be a duration of at least 1h (from the environment variable)',
    ]);
    expect(problemsOf({ HANDOFF_ATTACHMENT_SCAN_COMMAND: 'clamdscan', HANDOFF_ATTACHMENT_SCAN_URL: 'http://127.0.0.1:1/scan' })).toEqual([
      'HANDOFF_ATTACHMENT_SCAN_URL: set together with HANDOFF_ATTACHMENT_SCAN_COMMAND; set one scanner',
    ]);
    expect(problemsOf({ HANDOFF_ATTACHMENT_S3_ENDPOINT: 'ftp://x' })[0]).toMatch(/^HANDOFF_ATTACHMENT_S3_ENDPOINT: must be an http or https URL/);
  });
});

describe('profile attachment limits', () => {
  it('default to 10 MB of images, PDF and plain text, and refuse types the bytes cannot tell', async () => {
    const { parseConfig } = await import('../../config/load');
    const profile = parseConfig('profiles: { default: { mode: broker, platform: local-desk } }').profiles.get('default')!;
    expect(profile.attachments).toEqual({
      maxBytes: 10 * 1024 * 1024,
      types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
    });
    expect(() => parseConfig('profiles: { default: { mode: broker, platform: local-desk, attachments: { types: [text/html] } } }')).toThrow(
      /profiles\.default\.attachments\.types\.0: is not a media type Handoff can tell from the bytes/,
    );
  });
});
