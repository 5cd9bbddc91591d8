/**
 * Files through the local desk and the handoff workflow: the user's file reaches the desk as a
 * reference with Handoff's signed link (the same bytes come back), the agent's upload is kept by the
 * desk, fetched by the worker into Handoff's store and told to the bot with a link of its own, and
 * the desk's file links and upload guard refuse what they should.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotEvent } from '../../contracts/bot-event';
import { transcriptQuery } from '../../workflows/definitions';
import { startHandoff, waitForStatus } from '../brokering/helpers';
import { guidePdf, multipartOf, screenshotPng, type SampleFile } from '../attachments/sample-files';
import { DEFAULT_TEST_CONFIG, eventually, HandoffStack } from '../support/stack';

/** A profile whose agents' files, like its users', may be small PNGs and PDFs only. */
const CONFIG = `${DEFAULT_TEST_CONFIG}
  small-files:
    mode: broker
    platform: local-desk
    attachments: { maxBytes: 4096, types: [image/png, application/pdf] }
`;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
});
afterAll(async () => {
  await stack?.stop();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function connectedHandoff(profile = 'default'): Promise<{ handoffId: string; chatId: string }> {
  const view = await startHandoff(stack, profile);
  const chat = await eventually(() => stack.chatFor(view.id) ?? expect.fail('no chat yet'));
  expect((await stack.call('POST', `/desk/api/chats/${chat.chatId}/accept`, {})).status).toBe(200);
  await waitForStatus(stack, view.id, 'connected');
  return { handoffId: view.id, chatId: chat.chatId };
}

async function bytesAt(url: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

/** The agent attaches a file on the desk, as its page does. */
async function agentUpload(chatId: string, file: SampleFile, headers: Record<string, string> = { 'x-desk-upload': '1' }) {
  const response = await fetch(`${stack.deskUrl}/api/chats/${chatId}/attachments`, {
    method: 'POST',
    headers: { cookie: await stack.agentCookie(), ...headers },
    body: multipartOf(file),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('files through the local desk', () => {
  it("shows the user's file on the desk with Handoff's link, which serves the same bytes; the same upload twice is one file", async () => {
    const { handoffId, chatId } = await connectedHandoff();
    const file = screenshotPng(`MARK-${randomUUID()}`);
    const send = () =>
      fetch(`${stack.apiUrl}${stack.handoffPath(handoffId, '/attachments')}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.token}` },
        body: multipartOf(file),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { seq: number } }));
    const first = await send();
    expect(first.status).toBe(202);
    expect((await send()).body.seq).toBe(first.body.seq);

    const shown = await eventually(async () => {
      const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
      const message = chat.body.messages.find((m: { attachment?: unknown }) => m.attachment);
      expect(message).toBeDefined();
      return message;
    });
    expect(shown).toMatchObject({
      from: 'user',
      text: file.name,
      attachment: { name: file.name, contentType: 'image/png', size: file.bytes.length, sha256: sha256(file.bytes) },
    });
    const download = await bytesAt(shown.attachment.url);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(file.bytes)).toBe(true);
    const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
    expect(chat.body.messages.filter((m: { attachment?: unknown }) => m.attachment)).toHaveLength(1);

    const transcript = await stack.client.workflow.getHandle(handoffId).query(transcriptQuery);
    expect(transcript.entries.find((entry) => entry.attachment)).toMatchObject({ from: 'user', attachment: { sha256: sha256(file.bytes) } });
  });

  it("fetches the agent's file into Handoff's store and tells the bot, in its place, with a link that serves the same bytes", async () => {
    const { handoffId, chatId } = await connectedHandoff();
    const file = guidePdf(`MARK-${randomUUID()}`);
    const uploaded = await agentUpload(chatId, file);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ name: file.name, size: file.bytes.length, sha256: sha256(file.bytes) });
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'That is the guide' })).status).toBe(201);

    const events = await eventually(() => {
      const got = stack.bot.eventsFor(handoffId).filter((e) => e.type === 'agent.attachment' || e.type === 'agent.message');
      expect(got).toHaveLength(2);
      return got;
    });
    expect(events.map((e) => e.type)).toEqual(['agent.attachment', 'agent.message']);
    const event = events[0] as BotEvent;
    expect(event.attachment).toMatchObject({ name: file.name, size: file.bytes.length, sha256: sha256(file.bytes), contentType: 'application/pdf' });
    const download = await bytesAt(event.url!);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(file.bytes)).toBe(true);

    // The desk shows the agent's file too, with a link of its own, and keeps it 0600.
    const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
    const mine = chat.body.messages.find((m: { from: string; attachment?: unknown }) => m.from === 'agent' && m.attachment);
    expect(mine.attachment.fileId).toBeUndefined();
    expect((await bytesAt(mine.attachment.url)).bytes.equals(file.bytes)).toBe(true);
    const kept = path.join(path.dirname(stack.desk.store['db'].name as string), 'desk-files', sha256(file.bytes));
    expect(statSync(kept).mode & 0o777).toBe(0o600);
  });

  it("refuses a desk file link with a wrong token (401) and a multipart body without the desk page's upload header (415)", async () => {
    const { chatId } = await connectedHandoff();
    const file = screenshotPng(`MARK-${randomUUID()}`);
    expect((await agentUpload(chatId, file, {})).status).toBe(415);
    const uploaded = await agentUpload(chatId, file);
    expect(uploaded.status).toBe(201);
    const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
    const url = new URL(chat.body.messages.find((m: { attachment?: unknown }) => m.attachment).attachment.url);
    url.searchParams.set('token', 'not-the-token');
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('refuses a file over 10 MB (413) and keeps nothing of it', async () => {
    const { chatId } = await connectedHandoff();
    const big = { name: 'big.bin', contentType: 'application/octet-stream', bytes: Buffer.alloc(10 * 1024 * 1024 + 1, 7), marker: '' };
    const refused = await agentUpload(chatId, big);
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('attachment_too_large');
    const folder = path.join(path.dirname(stack.desk.store['db'].name as string), 'desk-files');
    expect(readdirSync(folder).filter((name) => name.startsWith('.incoming-') || name === sha256(big.bytes))).toEqual([]);
    const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
    expect(chat.body.messages.some((m: { attachment?: unknown }) => m.attachment)).toBe(false);
  });

  it("holds the agent's file to the profile's types, told from its bytes, as a user's: 415 for a page, a script or a program, and nothing reaches the bot", async () => {
    const { handoffId, chatId } = await connectedHandoff();
    const page = { name: 'invoice.html', contentType: 'text/html', bytes: Buffer.from('<html><script>alert(document.cookie)</script></html>'), marker: '' };
    const svg = {
      name: 'logo.svg',
      contentType: 'image/svg+xml',
      bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      marker: '',
    };
    const program = { name: 'fix.exe', contentType: 'application/x-msdownload', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0)]), marker: '' };
    const disguised = { ...program, name: 'fix.png', contentType: 'application/octet-stream' };
    const answers = [];
    for (const file of [page, svg, program, disguised]) answers.push(await agentUpload(chatId, file));
    expect(answers.map((a) => [a.status, a.body.error.code])).toEqual([
      [415, 'attachment_type_mismatch'],
      [415, 'attachment_type_mismatch'],
      [415, 'attachment_type_not_allowed'],
      [415, 'attachment_type_not_allowed'],
    ]);
    expect(answers[2]!.body.error).toMatchObject({
      message: expect.stringContaining('application/x-msdownload is not accepted'),
      details: { accepted: expect.any(Array) },
    });
    const chat = await stack.call('GET', `/desk/api/chats/${chatId}`);
    expect(chat.body.messages.some((m: { attachment?: unknown }) => m.attachment)).toBe(false);
    // The bot hears of none of them: the next thing the agent does reaches it, and nothing before.
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'Sending you the guide instead' })).status).toBe(201);
    await eventually(() => expect(stack.bot.eventsFor(handoffId).some((e) => e.type === 'agent.message')).toBe(true));
    expect(stack.bot.eventsFor(handoffId).filter((e) => e.type === 'agent.attachment')).toEqual([]);
  });

  it("holds the agent's file to the profile's size (413), and takes a file of an accepted type within it", async () => {
    const { chatId } = await connectedHandoff('small-files');
    const big = screenshotPng(`MARK-${randomUUID()}`, 'big.png', 200, 100);
    expect(big.bytes.length).toBeGreaterThan(4096);
    const refused = await agentUpload(chatId, big);
    expect(refused.status).toBe(413);
    expect(refused.body.error).toMatchObject({ code: 'attachment_too_large', details: { maxBytes: 4096 } });
    const small = screenshotPng(`MARK-${randomUUID()}`, 'small.png', 8, 8);
    expect((await agentUpload(chatId, small)).status).toBe(201);
    const text = { name: 'notes.txt', contentType: 'text/plain', bytes: Buffer.from('restart the client'), marker: '' };
    expect((await agentUpload(chatId, text)).body.error).toMatchObject({
      code: 'attachment_type_not_allowed',
      details: { accepted: ['image/png', 'application/pdf'] },
    });
  });

  it('refuses an upload to a chat that is not active (409) and one from a foreign page (403)', async () => {
    const view = await startHandoff(stack, 'default');
    const chat = await eventually(() => stack.chatFor(view.id) ?? expect.fail('no chat yet'));
    const file = screenshotPng('x');
    const queued = await agentUpload(chat.chatId, file);
    expect(queued.status).toBe(409);
    expect(queued.body.error.code).toBe('chat_not_active');
    expect((await agentUpload(chat.chatId, file, { 'x-desk-upload': '1', origin: 'https://evil.example' })).status).toBe(403);
  });
});
