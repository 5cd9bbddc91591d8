/**
 * Files for the attachment tests, made on the spot: a real PNG (a small "screenshot") and a real
 * PDF, each carrying a marker string in its bytes, so a test can search a workflow history for it.
 */
import { deflateSync } from 'node:zlib';

export interface SampleFile {
  name: string;
  contentType: string;
  bytes: Buffer;
  /** A string that appears in the bytes, and must appear nowhere else. */
  marker: string;
}

/** A `width`×`height` RGB PNG (a gradient) with the marker in a `tEXt` chunk. */
export function screenshotPng(marker: string, name = 'screenshot.png', width = 96, height = 64): SampleFile {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([(x * 255) / width, (y * 255) / height, 160], 1 + x * 3);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const bytes = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('tEXt', Buffer.from(`Comment\0${marker}`, 'latin1')),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return { name, contentType: 'image/png', bytes, marker };
}

/** A one-page PDF that says the marker. */
export function guidePdf(marker: string, name = 'vpn-guide.pdf'): SampleFile {
  const text = `BT /F1 18 Tf 72 720 Td (VPN guide ${marker}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, contentType: 'application/pdf', bytes: Buffer.from(body, 'latin1'), marker };
}

/** The forms the marker could take in a history that held the file: as is, and base64 at each of the three alignments. */
export function markerForms(file: SampleFile): string[] {
  const at = file.bytes.indexOf(file.marker, 0, 'latin1');
  const forms = [file.marker];
  for (let shift = 0; shift < 3; shift++) {
    const start = Math.max(0, at - shift);
    // Whole base64 groups inside the marker's span, so they appear in any base64 of the file with this alignment.
    const encoded = file.bytes.subarray(start, at + file.marker.length).toString('base64');
    forms.push(encoded.slice(4, -4));
  }
  return forms;
}

/** A multipart body with one `file` part, as a browser's form sends it. */
export function multipartOf(file: { name: string; contentType: string; bytes: Buffer }, field = 'file'): FormData {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.name);
  return form;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
