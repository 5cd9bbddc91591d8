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
import { eventually, HandoffStack } from '../support/stack';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function connectedHandoff(): Promise<{ handoffId: string; chatId: string }> {
  const view = await startHandoff(stack, 'default');
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
