/** The upload route on the real stack: the file reaches the handoff's workflow by reference. */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';
import { screenshotPng } from './sample-files';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

async function upload(handoffId: string, bytes: Buffer, name: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  const answer = await fetch(`${stack.apiUrl}${stack.handoffPath(handoffId)}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}` },
    body: form,
  });
  return { status: answer.status, body: (await answer.json()) as any };
}

describe('POST /v1/handoffs/{id}/attachments on the real stack', () => {
  it('puts the reference in the transcript once, however often the same file is sent', async () => {
    const started = await stack.call('POST', '/v1/handoffs', stack.request());
    expect(started.status).toBe(200);
    const handoffId: string = started.body.id;
    const png = screenshotPng('MARKER-upload-integration');
    const first = await upload(handoffId, png.bytes, 'screenshot.png', 'image/png');
    expect(first.status).toBe(202);
    expect(first.body.attachment).toMatchObject({ name: 'screenshot.png', contentType: 'image/png', size: png.bytes.length });
    const again = await upload(handoffId, png.bytes, 'screenshot.png', 'image/png');
    expect(again.body).toEqual(first.body);
    const transcript = await eventually(async () => {
      const answer = await stack.call('GET', `${stack.handoffPath(handoffId)}/transcript`);
      const withFile = answer.body.messages.filter((entry: any) => entry.attachment);
      expect(withFile).toHaveLength(1);
      return withFile;
    });
    expect(transcript[0].attachment).toEqual(first.body.attachment);
  });

  it('answers 401 without the bot token and 404 for an unknown handoff, and the store keeps only what was accepted', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('hello\n')], { type: 'text/plain' }), 'a.txt');
    const unauthenticated = await fetch(`${stack.apiUrl}${stack.handoffPath('default/nobody')}/attachments`, { method: 'POST', body: form });
    expect(unauthenticated.status).toBe(401);
    const unknown = await upload('nosuchprofile/x', Buffer.from('hello\n'), 'a.txt', 'text/plain');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'handoff_not_found']);
    const attachments = `${stack.settings.dataDir}/attachments`;
    const stored = readdirSync(attachments, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(stored).toHaveLength(1);
  });
});
