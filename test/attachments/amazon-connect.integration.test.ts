/**
 * Attachments through the Amazon Connect simulator, end to end: the bot uploads a screenshot and
 * a PDF, which reach the agent through Connect's three-step upload (checked by the simulator as
 * Connect and S3 check it); the agent's PDF comes back as `agent.attachment` with a signed link
 * that gives the same bytes; the history holds none of the files' bytes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentRef } from '../../contracts/attachment';
import type { SimContact } from '../../platforms/amazon-connect/test/simulator';
import { ConnectTestInstance } from '../../platforms/amazon-connect/test/test-instance';
import { startHandoff, waitForStatus } from '../brokering/helpers';
import { historyText } from '../connectors/helpers';
import { eventually, HandoffStack } from '../support/stack';
import { guidePdf, markerForms, multipartOf, screenshotPng, type SampleFile } from './sample-files';

const instance = new ConnectTestInstance(17, 'handoff-attachments');
const connect = instance.simulator;
let stack: HandoffStack;

beforeAll(async () => {
  await instance.start();
  const keys = ['fileTicket: true', "shortDescriptionPrefix: '[Live agent] '", 'timeouts: { agentAccept: 10m, inactivity: 10m, maxDuration: 2h }'];
  stack = await HandoffStack.start({ config: ['profiles:', instance.profile('connect', keys)].join('\n') });
  await instance.subscribe(stack);
});
afterAll(async () => {
  await stack?.stop();
  await instance.stop();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function connectedChat(): Promise<{ handoffId: string; contact: SimContact }> {
  const handoff = await startHandoff(stack, 'connect');
  const contact = await eventually(() => {
    const found = connect.contacts.find((c) => c.attributes.handoffId === handoff.id);
    if (!found) throw new Error(`Amazon Connect has no contact for ${handoff.id}`);
    return found;
  });
  connect.agentJoins(contact.contactId, 'Grace');
  await waitForStatus(stack, handoff.id, 'connected');
  return { handoffId: handoff.id, contact };
}

async function upload(handoffId: string, file: SampleFile) {
  const response = await fetch(`${stack.apiUrl}${stack.handoffPath(handoffId, '/attachments')}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}` },
    body: multipartOf(file),
  });
  return { status: response.status, body: (await response.json()) as { attachment: AttachmentRef; seq: number } };
}

describe('attachments through Amazon Connect', () => {
  it('exchanges a screenshot and a PDF with the agent, through the three-step upload and GetAttachment, with the history free of their bytes', async () => {
    const { handoffId, contact } = await connectedChat();
    const png = screenshotPng(`MARKER-${randomUUID()}-PNG`, 'error-screenshot.png');
    const pdf = guidePdf(`MARKER-${randomUUID()}-PDF`, 'signed-form.pdf');

    expect((await upload(handoffId, png)).status).toBe(202);
    expect((await upload(handoffId, pdf)).status).toBe(202);
    // The same upload again is one file at the agent's.
    expect((await upload(handoffId, png)).status).toBe(202);
    const files = await eventually(() => {
      const received = connect.customerFiles(contact.contactId);
      expect(received.map((f) => f.name)).toEqual(['error-screenshot.png', 'signed-form.pdf']);
      return received;
    });
    expect(files.map((f) => [f.contentType, f.sha256, f.size])).toEqual([
      ['image/png', sha256(png.bytes), png.bytes.length],
      ['application/pdf', sha256(pdf.bytes), pdf.bytes.length],
    ]);
    expect(connect.uploads.filter((u) => u.status !== 200)).toEqual([]);
    const steps = connect.calls.filter((c) => c.operation === 'StartAttachmentUpload' || c.operation === 'CompleteAttachmentUpload');
    expect(steps.every((c) => c.status === 200)).toBe(true);

    const guide = guidePdf(`MARKER-${randomUUID()}-AGENT`, 'vpn-guide.pdf');
    connect.agentSendsFile(contact.contactId, guide, 'Grace');
    const event = await eventually(() => {
      const found = stack.bot.eventsFor(handoffId).find((e) => e.type === 'agent.attachment');
      expect(found).toBeDefined();
      return found!;
    });
    expect(event.attachment).toMatchObject({ name: 'vpn-guide.pdf', contentType: 'application/pdf', sha256: sha256(guide.bytes), size: guide.bytes.length });
    const download = await fetch(event.url!);
    expect(download.status).toBe(200);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(guide.bytes));
    expect(connect.calls.some((c) => c.operation === 'GetAttachment' && c.status === 200)).toBe(true);

    const history = await historyText(stack, handoffId);
    for (const form of [...markerForms(png), ...markerForms(pdf), ...markerForms(guide)]) expect(history).not.toContain(form);
  });
});
