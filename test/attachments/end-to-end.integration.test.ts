/**
 * Attachments end to end, on the embedded default (API, worker, local desk): a user's screenshot
 * and an agent's PDF cross the handoff by reference, the history never holds their bytes, the
 * download links refuse a wrong or expired token, refused uploads leave nothing behind, and a
 * worker restart in the middle of an upload loses nothing.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadSecretOf, signDownloadUrl } from '../../attachments/download-links';
import type { AttachmentRef } from '../../contracts/attachment';
import { startHandoff, waitForStatus } from '../brokering/helpers';
import { historyText } from '../connectors/helpers';
import { eventually, HandoffStack } from '../support/stack';
import { guidePdf, markerForms, multipartOf, screenshotPng, type SampleFile } from './sample-files';

const CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: '[Live agent] '
  strict:
    mode: broker
    platform: local-desk
    fileTicket: false
    attachments: { maxBytes: 20000, types: [image/png] }
`;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
});
afterAll(async () => {
  await stack?.stop();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const marker = () => `MARKER-${randomUUID()}-IN-THE-FILE`;

/** A broker handoff an agent has accepted on the desk; answers its id and the desk's chat id. */
async function connectedHandoff(profile = 'default'): Promise<{ handoffId: string; chatId: string }> {
  const view = await startHandoff(stack, profile);
  const chat = await eventually(() => {
    const found = stack.chatFor(view.id);
    expect(found).toBeDefined();
    return found!;
  });
  expect((await stack.call('POST', `/desk/api/chats/${chat.chatId}/accept`, {})).status).toBe(200);
  await waitForStatus(stack, view.id, 'connected');
  return { handoffId: view.id, chatId: chat.chatId };
}

/** The bot's upload: `POST /v1/handoffs/{id}/attachments`, multipart with one `file` part. */
async function upload(handoffId: string, file: Pick<SampleFile, 'name' | 'contentType' | 'bytes'>) {
  const response = await fetch(`${stack.apiUrl}${stack.handoffPath(handoffId, '/attachments')}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}` },
    body: multipartOf(file),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** The agent's upload on the desk: `POST /desk/api/chats/{chatId}/attachments`. */
async function agentUpload(chatId: string, file: SampleFile) {
  const response = await fetch(`${stack.deskUrl}/api/chats/${chatId}/attachments`, {
    method: 'POST',
    // The desk's pages mark an upload with X-Desk-Upload (apps/desk/write-guard.ts): a form of another site cannot set it.
    headers: { cookie: await stack.agentCookie(), 'x-desk-upload': '1' },
    body: multipartOf(file),
  });
  return { status: response.status, body: (await response.text()) || '{}' };
}

interface DeskFile {
  name: string;
  contentType?: string;
  size?: number;
  url?: string;
  downloadUrl?: string;
}

/** The desk's messages that carry a file, as the agent's console reads them. */
async function deskFiles(chatId: string): Promise<Array<{ from: string; attachment: DeskFile }>> {
  const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
  expect(chat.status).toBe(200);
  return (chat.body.messages as Array<{ from: string; attachment?: DeskFile }>).flatMap((m) =>
    m.attachment ? [{ from: m.from, attachment: m.attachment }] : [],
  );
}

function linkOf(file: DeskFile): string {
  const link = file.url ?? file.downloadUrl;
  expect(link, `the desk's file ${file.name} has a download link`).toBeTypeOf('string');
  return new URL(link!, stack.apiUrl).toString();
}

async function download(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes };
}

/** Files under the attachment store's folder, part files included. */
function storedFiles(): string[] {
  const folder = path.join(stack.settings.dataDir, 'attachments');
  try {
    return readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

async function expectNoBytesInHistory(handoffId: string, ...files: SampleFile[]): Promise<void> {
  const history = await historyText(stack, handoffId);
  for (const file of files) for (const form of markerForms(file)) expect(history).not.toContain(form);
}

describe('attachments between a user and an agent', () => {
  it("carries the user's screenshot to the desk, where the agent downloads the same bytes, once however often it is sent", async () => {
    const { handoffId, chatId } = await connectedHandoff();
    const png = screenshotPng(marker());

    const sent = await upload(handoffId, png);
    expect(sent.status).toBe(202);
    const ref: AttachmentRef = sent.body.attachment;
    expect(ref).toEqual({
      attachmentId: sha256(png.bytes),
      sha256: sha256(png.bytes),
      name: 'screenshot.png',
      contentType: 'image/png',
      size: png.bytes.length,
    });
    expect(sent.body.seq).toBeGreaterThan(0);

    const [shown] = await eventually(async () => {
      const files = await deskFiles(chatId);
      expect(files).toHaveLength(1);
      return files;
    });
    expect(shown!.from).toBe('user');
    expect(shown!.attachment.name).toBe('screenshot.png');
    const got = await download(linkOf(shown!.attachment));
    expect(got.status).toBe(200);
    expect(sha256(got.bytes)).toBe(sha256(png.bytes));
    expect(got.headers.get('content-type')).toMatch(/^image\/png/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition') ?? '').not.toMatch(/^attachment/);

    // The same upload again is the same attachment, at the same place, shown once.
    const again = await upload(handoffId, png);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(sent.body);
    const transcript = await stack.call('GET', stack.handoffPath(handoffId, '/transcript'));
    const withFile = (transcript.body.messages as Array<{ from: string; attachment?: AttachmentRef }>).filter((m) => m.attachment);
    expect(withFile).toEqual([expect.objectContaining({ from: 'user', attachment: ref })]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await deskFiles(chatId)).toHaveLength(1);

    await expectNoBytesInHistory(handoffId, png);
  });

  it("sends the agent's PDF to the bot as agent.attachment with a link that gives the same bytes, and refuses a wrong or expired token", async () => {
    const { handoffId, chatId } = await connectedHandoff();
    const pdf = guidePdf(marker());

    const attached = await agentUpload(chatId, pdf);
    expect(attached.status, attached.body).toBeLessThan(300);
    const event = await eventually(() => {
      const found = stack.bot.eventsFor(handoffId).find((e) => e.type === 'agent.attachment');
      expect(found).toBeDefined();
      return found!;
    });
    expect(event.attachment).toEqual({
      attachmentId: sha256(pdf.bytes),
      sha256: sha256(pdf.bytes),
      name: 'vpn-guide.pdf',
      contentType: 'application/pdf',
      size: pdf.bytes.length,
    });
    expect(event.agentName).toBe('Grace');
    const url = new URL(event.url!);
    expect(url.origin + url.pathname).toBe(`${stack.apiUrl}/v1/attachments/${sha256(pdf.bytes)}`);
    // Valid for a day from the delivery.
    expect(Number(url.searchParams.get('exp')) - Date.now()).toBeGreaterThan(23 * 3_600_000);

    const got = await download(event.url!);
    expect(got.status).toBe(200);
    expect(sha256(got.bytes)).toBe(sha256(pdf.bytes));
    expect(got.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(got.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');

    const wrongToken = new URL(event.url!);
    wrongToken.searchParams.set('token', 'A'.repeat(wrongToken.searchParams.get('token')!.length));
    const otherName = new URL(event.url!);
    otherName.searchParams.set('name', 'other.pdf');
    const noToken = new URL(event.url!);
    noToken.searchParams.delete('token');
    // No token at all is a malformed link (400); a token that does not sign the link is refused (401).
    const missing = await download(noToken.toString());
    expect([400, 401]).toContain(missing.status);
    for (const refused of [wrongToken, otherName]) {
      const answer = await download(refused.toString());
      expect(answer.status, refused.toString()).toBe(401);
      expect(JSON.parse(answer.bytes.toString('utf8'))).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    const expired = signDownloadUrl(stack.apiUrl, downloadSecretOf(stack.callbackSecret), event.attachment!, -1_000);
    const late = await download(expired);
    expect(late.status).toBe(410);
    expect(JSON.parse(late.bytes.toString('utf8'))).toMatchObject({ error: { code: expect.any(String) } });
    // The bot token is no way in either.
    expect((await download(wrongToken.toString(), { authorization: `Bearer ${stack.token}` })).status).toBe(401);

    const transcript = await stack.call('GET', stack.handoffPath(handoffId, '/transcript'));
    expect((transcript.body.messages as Array<{ from: string; attachment?: AttachmentRef }>).filter((m) => m.attachment)).toEqual([
      expect.objectContaining({ from: 'agent', attachment: event.attachment }),
    ]);
    await expectNoBytesInHistory(handoffId, pdf);
  });

  it('exchanges a screenshot and a PDF both ways in one chat, with the history free of both', async () => {
    const { handoffId, chatId } = await connectedHandoff();
    const png = screenshotPng(marker(), 'error-dialog.png');
    const pdf = guidePdf(marker(), 'reset-form.pdf');
    expect((await upload(handoffId, png)).status).toBe(202);
    expect((await agentUpload(chatId, pdf)).status).toBeLessThan(300);
    const userPdf = guidePdf(marker(), 'signed-form.pdf');
    expect((await upload(handoffId, userPdf)).status).toBe(202);

    const files = await eventually(async () => {
      const shown = await deskFiles(chatId);
      expect(shown.map((f) => `${f.from}:${f.attachment.name}`).sort()).toEqual(['agent:reset-form.pdf', 'user:error-dialog.png', 'user:signed-form.pdf']);
      return shown;
    });
    for (const [file, sample] of [
      [files.find((f) => f.attachment.name === 'error-dialog.png')!, png],
      [files.find((f) => f.attachment.name === 'signed-form.pdf')!, userPdf],
    ] as const) {
      expect(sha256((await download(linkOf(file.attachment))).bytes)).toBe(sha256(sample.bytes));
    }
    await eventually(() => expect(stack.bot.eventsFor(handoffId).filter((e) => e.type === 'agent.attachment')).toHaveLength(1));
    await expectNoBytesInHistory(handoffId, png, pdf, userPdf);
  });
});

describe('refused uploads', () => {
  it('answers 413 and 415 with the error shape, and stores and signals nothing', async () => {
    const { handoffId, chatId } = await connectedHandoff('strict');
    const before = storedFiles();
    const big = screenshotPng(marker(), 'huge.png', 400, 300);
    expect(big.bytes.length).toBeGreaterThan(20_000);
    const pdf = guidePdf(marker());
    const text = { name: 'notes.png', contentType: 'image/png', bytes: Buffer.from('just some text, not an image at all') };
    const pngAsPdf = { ...screenshotPng(marker()), name: 'looks.pdf', contentType: 'application/pdf' };

    const cases: Array<[string, Pick<SampleFile, 'name' | 'contentType' | 'bytes'>, number]> = [
      ['over maxBytes', big, 413],
      ['a type the profile does not take', pdf, 415],
      ['text declared as a PNG', text, 415],
      ['a PNG declared as a PDF', pngAsPdf, 415],
    ];
    for (const [what, file, status] of cases) {
      const answer = await upload(handoffId, file);
      expect(answer.status, what).toBe(status);
      expect(answer.body, what).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    const noFilePart = await fetch(`${stack.apiUrl}${stack.handoffPath(handoffId, '/attachments')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}` },
      body: multipartOf(screenshotPng(marker()), 'other'),
    });
    expect(noFilePart.status).toBe(400);
    const json = await fetch(`${stack.apiUrl}${stack.handoffPath(handoffId, '/attachments')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect([400, 415]).toContain(json.status);

    expect(storedFiles()).toEqual(before);
    expect(await deskFiles(chatId)).toEqual([]);
    expect(await historyText(stack, handoffId)).not.toContain('userAttachment');
    // A file within the limits still goes through afterwards.
    expect((await upload(handoffId, screenshotPng(marker()))).status).toBe(202);
  });

  it('refuses an upload without the bot token, or to a handoff that does not exist', async () => {
    const png = screenshotPng(marker());
    const { handoffId } = await connectedHandoff();
    const anonymous = await fetch(`${stack.apiUrl}${stack.handoffPath(handoffId, '/attachments')}`, { method: 'POST', body: multipartOf(png) });
    expect(anonymous.status).toBe(401);
    expect((await upload('handoff/default/nobody-here', png)).status).toBe(404);
  });
});

describe('a worker restart in the middle of an upload', () => {
  it('loses nothing: the file reaches the desk once, with the same bytes', async () => {
    const { handoffId, chatId } = await connectedHandoff();
    const png = screenshotPng(marker(), 'slow.png', 200, 150);
    const form = new Response(multipartOf(png));
    const contentType = form.headers.get('content-type')!;
    const body = Buffer.from(await form.arrayBuffer());
    const half = Math.floor(body.length / 2);

    let sendRest!: () => void;
    const restMayGo = new Promise<void>((resolve) => (sendRest = resolve));
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new Uint8Array(body.subarray(0, half)));
        await restMayGo;
        controller.enqueue(new Uint8Array(body.subarray(half)));
        controller.close();
      },
    });
    const answer = fetch(`${stack.apiUrl}${stack.handoffPath(handoffId, '/attachments')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': contentType },
      body: stream,
      duplex: 'half',
    } as RequestInit);

    await new Promise((resolve) => setTimeout(resolve, 300));
    await stack.stopWorker();
    sendRest();
    // The API took the whole file while no worker ran; the update waits for the next worker.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await stack.startWorker();
    const response = await answer;
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { attachment: AttachmentRef };
    expect(accepted.attachment.sha256).toBe(sha256(png.bytes));

    const [shown] = await eventually(async () => {
      const files = await deskFiles(chatId);
      expect(files).toHaveLength(1);
      return files;
    }, 30_000);
    expect(sha256((await download(linkOf(shown!.attachment))).bytes)).toBe(sha256(png.bytes));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await deskFiles(chatId)).toHaveLength(1);
  });
});

describe("the bot demo's upload", () => {
  it('passes the multipart upload on to Handoff, and refuses one outside a live chat or in another form', async () => {
    const conversationId = (await stack.call('POST', '/demo/api/conversations')).body.conversationId as string;
    const uploadUrl = `${stack.apiUrl}/demo/api/conversations/${conversationId}/attachments`;
    const png = screenshotPng(marker(), 'demo.png');

    const early = await fetch(uploadUrl, { method: 'POST', body: multipartOf(png) });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: { code: 'no_open_handoff' } });

    const started = await stack.call('POST', `/demo/api/conversations/${conversationId}/handoff`, { profile: 'default' });
    expect(started.status).toBe(200);
    const chat = await eventually(() => {
      const found = stack.chatFor(started.body.id);
      expect(found).toBeDefined();
      return found!;
    });
    expect((await stack.call('POST', `/desk/api/chats/${chat.chatId}/accept`, {})).status).toBe(200);
    await waitForStatus(stack, started.body.id, 'connected');

    const json = await fetch(uploadUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);

    const answer = await fetch(uploadUrl, { method: 'POST', body: multipartOf(png) });
    expect(answer.status).toBe(202);
    const sent = (await answer.json()) as { attachment: AttachmentRef };
    expect(sent.attachment.sha256).toBe(sha256(png.bytes));
    await eventually(async () => expect((await deskFiles(chat.chatId)).map((f) => f.attachment.name)).toEqual(['demo.png']));

    const refused = await fetch(uploadUrl, {
      method: 'POST',
      body: multipartOf({ name: 'x.png', contentType: 'image/png', bytes: Buffer.from('not a picture') }),
    });
    expect(refused.status).toBe(415);
    expect(await refused.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    // Over the profile's 10 MB: Handoff's 413 reaches the page, though it answers before the bot has passed the whole file on.
    const huge = screenshotPng(marker(), 'huge.png');
    const tooBig = await fetch(uploadUrl, {
      method: 'POST',
      body: multipartOf({ ...huge, bytes: Buffer.concat([huge.bytes, Buffer.alloc(11 * 1024 * 1024)]) }),
    });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    expect((await deskFiles(chat.chatId)).map((f) => f.attachment.name)).toEqual(['demo.png']);
  });
});
