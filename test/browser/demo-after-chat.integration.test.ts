/**
 * The bot demo in Chromium after the chat and instead of it: a transfer, the hand-back and the rating
 * form, the callback form of a closed desk, and why a profile offers no agent now. Screenshots go to
 * /tmp/demo16/ as well as test-artifacts/browser/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTestBrowser, type TestBrowser } from '../support/browser';
import { DemoPage, DeskPage } from '../support/pages';
import { eventually, HandoffStack } from '../support/stack';

const SHOTS = '/tmp/demo16';
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** Open only the day after tomorrow (UTC): closed now, whatever the time of the run. */
const OPEN_DAY = WEEKDAYS[(new Date().getUTCDay() + 2) % 7];

const CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: '[Live agent] '
    survey: { enabled: true, windowMinutes: 10 }
  closed:
    mode: broker
    platform: local-desk
    fileTicket: true
    hours: { timezone: UTC, weekly: { ${OPEN_DAY}: ['09:00-17:00'] } }
    fallback: [callback, ticket]
`;

let stack: HandoffStack;
let browser: TestBrowser;
withTestBrowser((launched) => (browser = launched));
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await stack?.stop();
});

async function shoot(page: Page, name: string): Promise<void> {
  await browser.screenshot(page, `demo16-${name}`);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Closes the open chat on the desk, confirming when the desk asks first. */
async function closeOnDesk(desk: DeskPage): Promise<void> {
  await desk.page.bringToFront();
  await desk.page.getByRole('button', { name: 'Close chat' }).click();
  const closed = desk.page.locator('.badge.closed');
  const confirm = desk.page.getByRole('dialog').getByRole('button', { name: 'Close chat' });
  await closed.or(confirm).waitFor();
  if (await confirm.isVisible()) await confirm.click();
  await closed.waitFor();
}

describe('the bot demo after the chat', () => {
  it('hands the conversation back when the agent closes, and takes the rating', async () => {
    const demo = await DemoPage.open(browser, stack);
    const desk = await DeskPage.open(browser, stack);

    await demo.say('My laptop will not start');
    const started = demo.page.waitForResponse((response) => response.url().endsWith('/handoff') && response.request().method() === 'POST');
    await demo.requestAgent('default', { name: 'Ada Lovelace', email: 'ada@example.com' });
    const handoffId = ((await (await started).json()) as { id: string }).id;
    await demo.waitForStatus('queued');
    await demo.page.getByTestId('queue-place').getByText('You are number 1 in the queue "General".').waitFor();
    await shoot(demo.page, 'queued');

    await desk.accept('My laptop will not start', 'Grace');
    await demo.waitForStatus('connected');
    await desk.reply('Hold the power button for 10 seconds');
    await demo.sees('Hold the power button for 10 seconds');

    // The agent hands the chat back to the queue; the session goes on and the next accept joins it.
    const chat = stack.chatFor(handoffId)!;
    expect((await stack.call('POST', `/desk/api/chats/${chat.chatId}/transfer`, { queue: 'General' })).status).toBe(200);
    await demo.sees("You're being transferred to General. Please hold on.");
    await shoot(demo.page, 'transferred');
    await desk.accept('My laptop will not start', 'Grace');
    await demo.waitForStatus('connected');
    await closeOnDesk(desk);

    await demo.sees("You're back with the assistant. The agent closed the chat. I am back if you need anything else.");
    await demo.sees('How was your chat with the agent? Rate it from 1 to 5 stars below');
    const form = demo.page.getByRole('form', { name: 'Rate the chat' });
    await form.getByText('How was your chat with Grace?').waitFor();
    await shoot(demo.page, 'hand-back-rating-form');

    await form.getByRole('radio', { name: '5 stars' }).check();
    await form.getByLabel('A comment (optional)').fill('Fixed in a minute');
    await form.getByRole('button', { name: 'Send rating' }).click();
    await demo.sees('Thank you for rating the chat 5 out of 5.');
    await demo.page.getByTestId('survey').getByText('You rated this chat 5 out of 5. Thank you!').waitFor();
    expect(await form.count()).toBe(0);
    await shoot(demo.page, 'rated');

    await eventually(async () =>
      expect((await stack.call('GET', stack.handoffPath(handoffId))).body.survey).toEqual({ rating: 5, comment: 'Fixed in a minute' }),
    );
  });

  it('says why a closed profile offers no agent, and takes a callback request instead', async () => {
    const demo = await DemoPage.open(browser, stack);
    await demo.say('The printer jams');
    await demo.page.getByRole('button', { name: 'Request live agent' }).click();
    await demo.page.getByTestId('offer-default').getByText('A live agent is offered now').waitFor();
    await demo.page
      .getByTestId('offer-closed')
      .getByText(/^Not offered now: /)
      .waitFor();
    await shoot(demo.page, 'eligibility');
    await demo.page.locator('input[name="profile"][value="closed"]').check();
    await demo.page.getByRole('button', { name: 'Hand me over' }).click();

    await demo.sees('The service desk is closed right now. Leave your phone number and when suits you below');
    const form = demo.page.getByRole('form', { name: 'Ask for a callback' });
    await form.getByLabel('Your phone number').fill('not a number');
    await form.getByRole('button', { name: 'Call me back' }).click();
    await demo.alert.getByText(/phone/).waitFor();
    await shoot(demo.page, 'callback-form');

    await form.getByLabel('Your phone number').fill('+44 20 7946 0000');
    await form.getByLabel('When suits you (optional)').fill('after 5pm');
    await form.getByRole('button', { name: 'Call me back' }).click();
    await demo.sees('Thank you: the service desk will call you at +44 20 7946 0000 (after 5pm).');
    await demo.page.getByTestId('fallback').getByText('The service desk will call you back (after 5pm).').waitFor();
    await shoot(demo.page, 'callback-taken');
  });
});
