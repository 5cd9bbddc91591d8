/**
 * Attachments as people use them: on the bot demo the user attaches a screenshot, the agent sees
 * it on the desk (a preview and a download) and sends a PDF back, which the demo shows as a link.
 * Every file is fetched through the link the page shows and compared with what was sent.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { historyText } from '../connectors/helpers';
import { withTestBrowser, type TestBrowser } from '../support/browser';
import { DemoPage, DeskPage } from '../support/pages';
import { eventually, HandoffStack } from '../support/stack';
import { guidePdf, markerForms, screenshotPng, type SampleFile } from '../attachments/sample-files';
import { ConnectTestInstance } from '../../platforms/amazon-connect/test/test-instance';

const instance = new ConnectTestInstance(18, 'handoff-demo-attachments');
const connect = instance.simulator;
const LOCAL_DESK_PROFILE = `
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: '[Live agent] '`;
let stack: HandoffStack;
let browser: TestBrowser;
withTestBrowser((launched) => (browser = launched));
beforeAll(async () => {
  await instance.start();
  stack = await HandoffStack.start({ config: ['profiles:', LOCAL_DESK_PROFILE, instance.profile('connect', ['fileTicket: false'])].join('\n') });
  await instance.subscribe(stack);
});
afterAll(async () => {
  await stack?.stop();
  await instance.stop();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Fetches what a link on a page points at, as the person clicking it would get it (no cookie, no token but the link's). */
async function bytesBehind(link: Locator): Promise<{ status: number; bytes: Buffer; disposition: string | null }> {
  const href = await link.getAttribute('href');
  expect(href).toBeTruthy();
  const response = await fetch(new URL(href!, stack.apiUrl));
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), disposition: response.headers.get('content-disposition') };
}

/** The file's link in a chat log: its text is the file's name and size. */
function fileLink(log: Locator, file: SampleFile): Locator {
  return log.getByRole('link', { name: new RegExp(`^${file.name.replace('.', '\\.')} \\(`) });
}

async function connectedDemo(utterance: string): Promise<{ demo: DemoPage; desk: DeskPage }> {
  const demo = await DemoPage.open(browser, stack);
  const desk = await DeskPage.open(browser, stack);
  await demo.say(utterance);
  await demo.sees('I am only a stand-in bot');
  await demo.requestAgent('default');
  await demo.waitForStatus('queued');
  await desk.waiting(utterance).waitFor();
  await desk.accept(utterance);
  await demo.waitForStatus('connected');
  return { demo, desk };
}

describe('attachments in the browser', () => {
  it('a user and an agent exchange a screenshot and a PDF through the demo and the desk, with the history free of their bytes', async () => {
    const utterance = `The app shows an error ${randomUUID().slice(0, 8)}`;
    const { demo, desk } = await connectedDemo(utterance);
    const png = screenshotPng(`MARKER-${randomUUID()}-PNG`, 'error-screenshot.png');
    const pdf = guidePdf(`MARKER-${randomUUID()}-PDF`, 'vpn-guide.pdf');

    // User → agent: the demo shows the user's file; the desk previews it and links it.
    await demo.attach(png);
    await demo.log.getByTestId('attachment').filter({ hasText: 'error-screenshot.png' }).waitFor();
    await desk.sees('error-screenshot.png');
    const preview = desk.log.getByRole('img', { name: 'error-screenshot.png' });
    await preview.waitFor();
    await expect.poll(() => preview.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth)).toBe(96);
    const deskDownload = await bytesBehind(
      fileLink(desk.log, png)
        .or(desk.log.getByRole('link', { name: /error-screenshot\.png/ }))
        .first(),
    );
    expect(deskDownload.status).toBe(200);
    expect(sha256(deskDownload.bytes)).toBe(sha256(png.bytes));

    // Agent → user: the desk sends a PDF; the demo shows it with its link.
    await desk.attach(pdf);
    await desk.sees('vpn-guide.pdf');
    const demoLink = fileLink(demo.log, pdf);
    await demoLink.waitFor();
    const userDownload = await bytesBehind(demoLink);
    expect(userDownload.status).toBe(200);
    expect(userDownload.disposition).toMatch(/^attachment/);
    expect(sha256(userDownload.bytes)).toBe(sha256(pdf.bytes));
    await browser.screenshot(demo.page, 'attachments-demo');
    await browser.screenshot(desk.page, 'attachments-desk');

    // The chat goes on as before.
    await desk.reply('Thanks, the guide should help');
    await demo.sees('Thanks, the guide should help');

    const handoffId = (await demo.page.getByRole('link', { name: 'This handoff in the Temporal UI' }).getAttribute('href'))!
      .split('/workflows/')[1]!
      .split('/')[0]!;
    const history = await historyText(stack, decodeURIComponent(handoffId));
    expect(history).toContain('vpn-guide.pdf');
    for (const form of [...markerForms(png), ...markerForms(pdf)]) expect(history).not.toContain(form);
  });

  it('exchanges a screenshot and a PDF between the demo and an Amazon Connect agent (the simulator)', async () => {
    const utterance = `Connect needs a screenshot ${randomUUID().slice(0, 8)}`;
    const demo = await DemoPage.open(browser, stack);
    await demo.say(utterance);
    await demo.requestAgent('connect');
    await demo.waitForStatus('queued');
    const contact = await eventually(() => {
      const found = connect.contacts.find((c) => c.attributes.lastUtterance === utterance);
      if (!found) throw new Error('Amazon Connect has no contact for the demo yet');
      return found;
    });
    connect.agentJoins(contact.contactId, 'Grace');
    await demo.waitForStatus('connected');

    const png = screenshotPng(`MARKER-${randomUUID()}-PNG`, 'connect-screenshot.png');
    await demo.attach(png);
    await demo.log.getByTestId('attachment').filter({ hasText: 'connect-screenshot.png' }).waitFor();
    await expect.poll(() => connect.customerFiles(contact.contactId).map((f) => f.sha256)).toEqual([sha256(png.bytes)]);

    const pdf = guidePdf(`MARKER-${randomUUID()}-PDF`, 'connect-guide.pdf');
    connect.agentSendsFile(contact.contactId, pdf, 'Grace');
    const link = fileLink(demo.log, pdf);
    await link.waitFor();
    const got = await bytesBehind(link);
    expect(got.status).toBe(200);
    expect(sha256(got.bytes)).toBe(sha256(pdf.bytes));

    const history = await historyText(stack, String(contact.attributes.handoffId));
    for (const form of [...markerForms(png), ...markerForms(pdf)]) expect(history).not.toContain(form);
  });

  it('tells the user in plain words when a file is refused, and shows nothing sent', async () => {
    const utterance = `Upload trouble ${randomUUID().slice(0, 8)}`;
    const { demo } = await connectedDemo(utterance);
    await demo.attach({ name: 'not-really.png', contentType: 'image/png', bytes: Buffer.from('plain text pretending to be a picture') });
    await expect.poll(async () => (await demo.alert.textContent())?.length ?? 0).toBeGreaterThan(10);
    expect(await demo.log.getByTestId('attachment').count()).toBe(0);
  });

  it('offers "Attach a file" only in a live chat through the bot', async () => {
    const demo = await DemoPage.open(browser, stack);
    await expect.poll(() => demo.page.getByLabel('Attach a file').isDisabled()).toBe(true);
  });
});
