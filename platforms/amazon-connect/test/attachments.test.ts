import { describe, expect, it } from 'vitest';
import type { AttachmentRef } from '../../../contracts/attachment';
import { CONNECT_ATTACHMENT_MAX_BYTES, connectAttachmentName, connectTakes } from '../attachments';

const ref = (fields: Partial<AttachmentRef>): AttachmentRef => ({
  attachmentId: 'a'.repeat(64),
  sha256: 'a'.repeat(64),
  name: 'screenshot.png',
  contentType: 'image/png',
  size: 1_000,
  ...fields,
});

describe('Amazon Connect attachment rules', () => {
  it("takes the documented types up to Connect's size limit, and nothing else", () => {
    expect(connectTakes(ref({}))).toBe(true);
    expect(connectTakes(ref({ contentType: 'application/pdf', name: 'guide.pdf' }))).toBe(true);
    expect(connectTakes(ref({ contentType: 'text/plain; charset=utf-8' }))).toBe(true);
    expect(connectTakes(ref({ contentType: 'image/webp' }))).toBe(false);
    expect(connectTakes(ref({ contentType: 'image/gif' }))).toBe(false);
    expect(connectTakes(ref({ size: CONNECT_ATTACHMENT_MAX_BYTES + 1 }))).toBe(false);
    expect(connectTakes(ref({ size: 0 }))).toBe(false);
  });

  it('keeps the name within 256 characters with the extension of its type', () => {
    expect(connectAttachmentName(ref({}))).toBe('screenshot.png');
    expect(connectAttachmentName(ref({ name: 'photo.JPEG', contentType: 'image/jpeg' }))).toBe('photo.JPEG');
    expect(connectAttachmentName(ref({ name: 'error', contentType: 'application/pdf' }))).toBe('error.pdf');
    const long = connectAttachmentName(ref({ name: `${'é'.repeat(300)}.png` }));
    expect([...long]).toHaveLength(256);
    expect(long.endsWith('.png')).toBe(true);
  });
});
