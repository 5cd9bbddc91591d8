/**
 * What the bot demo says to its user, in Chromium: who ended the chat (an operator's cancel is not
 * the user leaving), the platform's own chat page by the name its description gives, words and the
 * user's local time instead of codes and UTC, a message box that says who reads it, and the user's
 * typing reaching the agent.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTime } from '../../apps/demo/user-words';
import { withTestBrowser, type TestBrowser } from '../support/browser';
import { DemoPage, DeskPage } from '../support/pages';
import { HandoffStack } from '../support/stack';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** Open only the day after tomorrow (UTC): closed now, whatever the time of the run. */
const OPEN_DAY = WEEKDAYS[(new Date().getUTCDay() + 2) % 7];
/** What a user must never read: a status or reason code, an ISO time. */
const CODES = /not_eligible|agent-closed|user-left|\boperator\b|\d{4}-\d\d-\d\dT\d\d:\d\d/;

const CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
  five9:
    mode: url
    platform: five9
    platformOptions: { tenant: acme, profiles: Sales }
  closed:
    mode: broker
    platform: local-desk
    hours: { timezone: UTC, weekly: { ${OPEN_DAY}: ['07:00-17:00'] } }
    fallback: [wait-for-opening]
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

async function shoot(page: Page, name: string): Promise<void> {
  await browser.screenshot(page, `demo-words-${name}`);
}

/** The handoff the demo's "Hand me over" starts, by its id. */
async function handOver(demo: DemoPage, profile: string): Promise<string> {
  const started = demo.page.waitForResponse((response) => response.url().endsWith('/handoff') && response.request().method() === 'POST');
  await demo.requestAgent(profile);
  return ((await (await started).json()) as { id: string }).id;
}

async function shownText(demo: DemoPage): Promise<string> {
  return demo.page.locator('main').innerText();
}

describe('the bot demo, in its users words', () => {
  it("says the service desk ended the chat when an operator cancels it, writes to the agent who holds the chat, and relays the user's typing", async () => {
    const demo = await DemoPage.open(browser, stack);
    const desk = await DeskPage.open(browser, stack);
    await demo.say('My VPN keeps dropping');
    const handoffId = await handOver(demo, 'default');
    await demo.waitForStatus('queued');
    expect(await demo.status.textContent()).toBe('in the queue');
    await demo.page.getByRole('textbox', { name: 'Write to the agent' }).waitFor();

    await desk.accept('My VPN keeps dropping', 'Grace');
    await demo.waitForStatus('connected');
    await demo.page.getByRole('textbox', { name: 'Write to Grace' }).waitFor();
    await demo.page.bringToFront();
    await demo.messageBox.pressSequentially('It drops every');
    await desk.page.getByText('Ada Lovelace is typing...').waitFor();
    await shoot(desk.page, 'desk-sees-user-typing');
    await demo.page.keyboard.press('Enter');
    await desk.sees('It drops every');
    await shoot(demo.page, 'writing-to-the-agent');

    await stack.client.workflow.getHandle(handoffId).cancel();
    await demo.waitForStatus('cancelled');
    await demo.sees('The service desk ended the chat. I am back if you need anything else.');
    await demo.page.getByTestId('ending').getByText("The service desk ended the chat. You're back with the assistant.").waitFor();
    await demo.page.getByRole('textbox', { name: 'Write to the bot' }).waitFor();
    const shown = await shownText(demo);
    expect(shown).not.toContain('You left');
    expect(shown).not.toMatch(CODES);
    await shoot(demo.page, 'operator-cancelled');
  });

  it('says the agent closed the chat, not its reason code', async () => {
    const demo = await DemoPage.open(browser, stack);
    const desk = await DeskPage.open(browser, stack);
    await demo.say('The printer jams');
    await handOver(demo, 'default');
    await desk.accept('The printer jams', 'Grace');
    await demo.waitForStatus('connected');
    await desk.closeChat();

    await demo.waitForStatus('closed');
    await demo.page.getByTestId('ending').getByText("The agent closed the chat. You're back with the assistant.").waitFor();
    expect(await demo.status.textContent()).toBe('ended');
    expect(await shownText(demo)).not.toMatch(CODES);
    await shoot(demo.page, 'agent-closed');
  });

  it("names Five9's chat page for a Five9 profile, as the platform's description calls it", async () => {
    const demo = await DemoPage.open(browser, stack);
    await demo.say('I would like to buy more seats');
    await demo.page.getByRole('button', { name: 'Request live agent' }).click();
    await demo.page.getByText("url: a link to Five9's chat page, your message prefilled").waitFor();
    await demo.page.getByRole('button', { name: 'Hand me over' }).waitFor();
    await demo.page.locator('input[name="profile"][value="five9"]').check();
    await demo.page.getByRole('button', { name: 'Hand me over' }).click();

    await demo.waitForStatus('redirected');
    await demo.sees("The live chat is on Five9's chat page: open the link above; your last message is already filled in.");
    const link = demo.page.getByRole('link', { name: "Open Five9's chat page" });
    expect(new URL((await link.getAttribute('href'))!).host).toBe('app.five9.com');
    expect(await shownText(demo)).not.toContain("desk's chat page");
    await shoot(demo.page, 'five9');
  });

  it("says when agents are back in the user's own time zone, never a UTC time or a code", async () => {
    const demo = await DemoPage.open(browser, stack, undefined, 'Asia/Tokyo');
    await demo.say('My screen is blank');
    const handoffId = await handOver(demo, 'closed');
    await demo.waitForStatus('waiting');
    const view = (await stack.call('GET', stack.handoffPath(handoffId))).body as { decision: { availability: { nextOpenAt: string } } };
    const backAt = localTime(view.decision.availability.nextOpenAt, 'Asia/Tokyo');
    expect(backAt).toMatch(/ 16:00 \(Asia\/Tokyo\)$/);

    await demo.page.getByRole('region', { name: 'Live agent' }).getByText('No agent is in right now.').waitFor();
    await demo.page.getByTestId('fallback').getByText(`Agents are back at ${backAt}; you'll be connected then.`).waitFor();
    await demo.sees(`Agents are back at ${backAt}; you'll be connected then. Keep this page open.`);
    expect(await demo.status.textContent()).toBe('closed now');
    expect(await shownText(demo)).not.toMatch(CODES);
    await shoot(demo.page, 'closed-local-time');
  });
});
