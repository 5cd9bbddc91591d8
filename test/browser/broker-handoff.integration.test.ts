import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTestBrowser, type TestBrowser } from '../support/browser';
import { DemoPage, DeskPage } from '../support/pages';
import { eventually, HandoffStack } from '../support/stack';

const CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: '[Live agent] '
  impatient:
    mode: broker
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: '[Live agent] '
    timeouts: { agentAccept: 2s, inactivity: 1h, maxDuration: 1h }
`;

let stack: HandoffStack;
let browser: TestBrowser;
withTestBrowser((launched) => (browser = launched));
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
});
afterAll(async () => {
  await stack?.stop();
});

describe('brokered handoff in the browser', () => {
  it('carries a chat from the bot demo to the desk and back until the agent closes, and files the transcript', async () => {
    const demo = await DemoPage.open(browser, stack);
    const desk = await DeskPage.open(browser, stack);

    await demo.say('My VPN keeps dropping');
    await demo.sees('I am only a stand-in bot');
    await demo.requestAgent('default', { name: 'Ada Lovelace', email: 'ada@example.com' });
    await demo.waitForStatus('queued');
    await demo.sees('I am getting you a live agent. You are number 1 in the queue "General"');

    const waiting = desk.waiting('My VPN keeps dropping');
    await waiting.waitFor();
    expect(await waiting.textContent()).toMatch(/broker · General #1 · waiting \d+:\d\d/);
    await desk.accept('My VPN keeps dropping', 'Grace');
    await desk.page.getByText("Before the handoff: the user's chat with the bot (3 messages)").waitFor();
    expect(await desk.page.locator('.context').textContent()).toContain('bot: I am only a stand-in bot');

    await demo.sees('Grace joined the chat');
    await demo.waitForStatus('connected');
    expect(await demo.page.getByRole('link', { name: 'This handoff in the Temporal UI' }).getAttribute('href')).toMatch(
      /^http:\/\/localhost:8233\/namespaces\/default\/workflows\/handoff%2Fdefault%2F/,
    );
    expect(await desk.page.getByRole('link', { name: 'Workflow in Temporal UI' }).getAttribute('href')).toMatch(/\/workflows\/handoff%2Fdefault%2F/);

    await desk.reply('Hello Ada, I can help with the VPN', () => demo.page.getByText('Grace is typing...').waitFor());
    await demo.sees('Hello Ada, I can help with the VPN');

    await demo.say('It drops every 5 minutes');
    await desk.sees('It drops every 5 minutes');
    await desk.reply('Please reinstall the client');
    await demo.sees('Please reinstall the client');

    await desk.closeChat();
    await demo.sees('The agent closed the chat. I am back if you need anything else.');
    await demo.waitForStatus('closed');
    await browser.screenshot(demo.page, 'broker-demo');

    const ticketNumber = (await demo.page
      .getByText(/ticket LOC\d{7}/)
      .first()
      .textContent())!.match(/LOC\d{7}/)![0];
    await desk.showTickets();
    const ticket = desk.ticket(ticketNumber);
    await ticket.getByText('[Live agent] My VPN keeps dropping').waitFor();
    await eventually(async () => {
      const notes = await ticket.locator('.work-note').allTextContents();
      expect(notes).toHaveLength(2);
      expect(notes[1]).toMatch(/Transcript:[\s\S]*user: It drops every 5 minutes[\s\S]*Grace: Please reinstall the client/);
    });
    await browser.screenshot(desk.page, 'broker-desk-tickets');
    await desk.page.getByRole('tab', { name: 'Chats' }).click();
    await browser.screenshot(desk.page, 'broker-desk-chat');
  });

  it('tells the user the fallback when no agent accepts in time', async () => {
    const demo = await DemoPage.open(browser, stack);
    await demo.say('Nobody answers the phone');
    await demo.requestAgent('impatient');
    await demo.waitForStatus('queued');
    await demo.sees('Sorry, no agent could take your chat in time. Your ticket LOC');
    await demo.sees('stays open and the service desk will get back to you.');
    await demo.waitForStatus('abandoned');
    await browser.screenshot(demo.page, 'abandoned-demo');
  });

  it('shows an error of the API in plain words', async () => {
    const demo = await DemoPage.open(browser, stack);
    await demo.requestAgent('default', { email: 'not-an-email' });
    await demo.alert.getByText('Invalid request body: email is not an email address.').waitFor();
    expect(await demo.status.count()).toBe(0);
  });
});
