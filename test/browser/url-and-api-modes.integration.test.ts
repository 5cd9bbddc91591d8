import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTestBrowser, type TestBrowser } from '../support/browser';
import { DemoPage, DeskPage, VisitorPage } from '../support/pages';
import { eventually, HandoffStack } from '../support/stack';

let stack: HandoffStack;
let browser: TestBrowser;
withTestBrowser((launched) => (browser = launched));
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

/** Follows a link that opens in a new tab, as a person clicking it would. */
async function openInNewTab(link: Locator): Promise<VisitorPage> {
  await link.page().bringToFront();
  const [page] = await Promise.all([browser.context.waitForEvent('page'), link.click()]);
  await page.waitForLoadState();
  await page.locator('main').waitFor();
  return new VisitorPage(page);
}

describe('url mode in the browser', () => {
  it('links the user to the desk chat page with the last utterance prefilled, and the agent answers there', async () => {
    const demo = await DemoPage.open(browser, stack);
    const desk = await DeskPage.open(browser, stack);
    await demo.say('The printer is on fire');
    await demo.requestAgent('url');
    await demo.waitForStatus('redirected');
    await demo.sees("The live chat is on the service desk's chat page");
    await browser.screenshot(demo.page, 'url-demo');

    const visitor = await openInNewTab(demo.page.getByRole('link', { name: "Open the service desk's chat page" }));
    expect(new URL(visitor.page.url()).pathname).toBe('/desk/chat');
    const message = visitor.page.getByLabel(/Your message/);
    expect(await message.inputValue()).toBe('The printer is on fire');
    expect(await visitor.page.getByLabel('Your name').inputValue()).toBe('Ada Lovelace');
    const ticketNumber = (await visitor.page.getByText(/Your ticket: LOC\d{7}/).textContent())!.match(/LOC\d{7}/)![0];
    await browser.screenshot(visitor.page, 'url-desk-chat-start');
    await message.press('Enter');
    await visitor.status.getByText('Waiting for an agent: you are number 1 in the queue "General".').waitFor();

    await desk.accept('The printer is on fire', 'Grace');
    await visitor.status.getByText('You are chatting with Grace.').waitFor();
    await desk.reply('Is it really burning?', () => visitor.page.getByText('Grace is typing...').waitFor());
    await visitor.sees('Is it really burning?');
    await visitor.say('Only a little smoke');
    await desk.sees('Only a little smoke');

    await desk.closeChat();
    await visitor.status.getByText('The chat has ended.').waitFor();
    expect(await visitor.page.getByRole('textbox', { name: 'Write to the agent' }).isDisabled()).toBe(true);
    await browser.screenshot(visitor.page, 'url-visitor');

    await desk.showTickets();
    await eventually(async () => {
      const notes = await desk.ticket(ticketNumber).locator('.work-note').allTextContents();
      expect(notes.at(-1)).toMatch(
        /Desk chat closed\. Transcript:[\s\S]*user: The printer is on fire[\s\S]*Grace: Is it really burning\?[\s\S]*user: Only a little smoke/,
      );
    });
    await browser.screenshot(desk.page, 'url-desk-tickets');
  });
});

describe('api mode in the browser', () => {
  it('shows the queue position and a join link, and the handoff follows the chat on the desk', async () => {
    const demo = await DemoPage.open(browser, stack, { width: 390, height: 844 });
    const desk = await DeskPage.open(browser, stack);
    await demo.say('I need a new laptop');
    await demo.requestAgent('api', { name: 'Alan Turing', email: 'alan@example.com' });
    await demo.waitForStatus('queued');
    await demo.page.getByText('You are number 1 in the queue "Service desk".').first().waitFor();

    const visitor = await openInNewTab(demo.page.getByRole('link', { name: 'Join the chat on the service desk' }));
    expect(new URL(visitor.page.url()).pathname).toMatch(/^\/desk\/join\//);
    await visitor.status.getByText('Waiting for an agent: you are number 1 in the queue "Service desk".').waitFor();
    await visitor.sees('I need a new laptop');

    await desk.accept('I need a new laptop', 'Grace');
    await visitor.status.getByText('You are chatting with Grace.').waitFor();
    await demo.sees('Grace joined the chat');
    await demo.waitForStatus('connected');

    await desk.reply('Which model would you like?');
    await visitor.sees('Which model would you like?');
    await visitor.say('A light one, please');
    await desk.sees('A light one, please');
    await browser.screenshot(desk.page, 'api-desk-chat');

    await visitor.page.getByRole('button', { name: 'Leave the chat' }).click();
    await visitor.status.getByText('The chat has ended.').waitFor();
    await desk.sees('Alan Turing left the chat');
    await demo.sees('You left the live chat.');
    await demo.waitForStatus('closed');
    await browser.screenshot(visitor.page, 'api-visitor');
    await browser.screenshot(demo.page, 'api-demo-narrow');
  });
});
