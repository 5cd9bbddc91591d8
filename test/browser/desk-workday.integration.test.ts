/**
 * An agent's day on the desk in Chromium: presence and the desk's availability in the header, a new
 * chat announced in the tab's title (and by a tone), its wait ticking, the user's department,
 * category and typing, a transfer, a close that asks first, the rating on the closed chat, and the
 * callback list. Chats and callbacks arrive through the desk's integration API, as the connector
 * sends them. Screenshots go to /tmp/desk16/ as well as test-artifacts/browser/.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTestBrowser, type TestBrowser } from '../support/browser';
import { DeskPage } from '../support/pages';
import { HandoffStack, TEST_AGENT } from '../support/stack';

const SHOTS = '/tmp/desk16';

let stack: HandoffStack;
let browser: TestBrowser;
withTestBrowser((launched) => (browser = launched));
beforeAll(async () => {
  stack = await HandoffStack.start();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await stack?.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  const file = await browser.screenshot(page, name);
  copyFileSync(file, path.join(SHOTS, `${name}.png`));
}

async function integration(urlPath: string, body: unknown): Promise<any> {
  const response = await fetch(`${stack.deskUrl}/api/integration${urlPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-desk-secret': stack.deskSecret },
    body: JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
  return response.json();
}

let chats = 0;
async function newChat(name: string, extra: object = {}): Promise<string> {
  chats += 1;
  const answer = await integration('/chats', {
    idempotencyKey: `workday-${chats}-${Date.now()}`,
    handoffId: `handoff/default/workday-${chats}`,
    mode: 'broker',
    queue: 'Service desk',
    user: { id: `u-${chats}`, name, department: 'Finance' },
    lastUtterance: `${name}: my laptop will not start`,
    category: 'Hardware',
    ...extra,
  });
  return answer.chatId as string;
}

describe('the desk agents use through the day', () => {
  it('announces a new chat, times its wait, transfers it, closes it after asking, and shows its rating', async () => {
    const desk = await DeskPage.open(browser, stack);
    const { page } = desk;
    await page.getByTestId('desk-availability').filter({ hasText: '1 agent available · 0 waiting' }).waitFor();
    await shot(page, 'desk-empty');

    // Presence: away takes the agent out of "available"; back to available.
    await page.getByLabel('Your presence').selectOption('away');
    await page.getByTestId('desk-availability').filter({ hasText: '0 agents available' }).waitFor();
    await page.getByLabel('Your presence').selectOption('available');
    await page.getByTestId('desk-availability').filter({ hasText: '1 agent available' }).waitFor();

    const chatId = await newChat('Grace Hopper');
    const item = desk.waiting('Grace Hopper');
    await item.waitFor();
    await expect.poll(() => page.title()).toBe('(1) Local desk: agent console');
    await expect.poll(() => page.evaluate<string | undefined>('document.body.dataset.chimes')).toBe('1');
    expect(await item.locator('.fact').allTextContents()).toEqual(['Finance', 'Hardware']);
    const timer = item.locator('.wait');
    expect(await timer.textContent()).toMatch(/^00:0\d$/);
    await expect.poll(() => timer.textContent(), { timeout: 5_000 }).toMatch(/^00:0[1-9]$/);
    await page.getByTestId('desk-availability').filter({ hasText: '1 agent available · 1 waiting' }).waitFor();
    await shot(page, 'desk-new-chat');

    await desk.accept('Grace Hopper');
    await expect.poll(() => page.title()).toBe('Local desk: agent console');
    const header = page.getByRole('region', { name: 'Selected chat' });
    expect(await header.locator('.fact').allTextContents()).toEqual(['Finance', 'Hardware']);

    // The user types (relayed by the bot), then their message arrives: the note shows, then clears.
    await integration(`/chats/${chatId}/user-typing`, { typing: true });
    await page.getByText('Grace Hopper is typing...').waitFor();
    await shot(page, 'desk-user-typing');
    await integration(`/chats/${chatId}/user-messages`, { messages: [{ messageId: 'm1', text: 'It beeps three times' }] });
    await desk.log.getByText('It beeps three times').waitFor();
    await page.getByText('Grace Hopper is typing...').waitFor({ state: 'detached' });

    // Transfer to another queue: the chat waits there again.
    // A profile's queue the desk heard of through Handoff's availability probe is offered too.
    await fetch(`${stack.deskUrl}/api/integration/availability?queue=Hardware`, { headers: { 'x-desk-secret': stack.deskSecret } });
    await page.getByRole('button', { name: 'Transfer' }).click();
    const transfer = page.getByRole('dialog', { name: 'Transfer this chat' });
    await transfer.waitFor();
    await transfer.getByLabel('Transfer to').selectOption('queue:Hardware');
    await shot(page, 'desk-transfer-dialog');
    await transfer.getByRole('button', { name: 'Transfer' }).click();
    await page.locator('.badge.queued').waitFor();
    await desk.log.getByText(`${TEST_AGENT} transferred the chat to the queue Hardware`).waitFor();
    expect(stack.desk.store.chat(chatId)).toMatchObject({ status: 'queued', queue: 'Hardware' });
    await shot(page, 'desk-transferred');

    // Close, asking first: "Keep it open" keeps it; "Close chat" closes.
    await desk.accept('Grace Hopper');
    await page.getByRole('button', { name: 'Close chat' }).click();
    const confirm = page.getByRole('dialog', { name: 'Close this chat?' });
    await confirm.waitFor();
    await shot(page, 'desk-close-confirm');
    await confirm.getByRole('button', { name: 'Keep it open' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(stack.desk.store.chat(chatId)?.status).toBe('active');
    await page.getByRole('button', { name: 'Close chat' }).click();
    await confirm.getByRole('button', { name: 'Close chat' }).click();
    await page.locator('.badge.closed').waitFor();

    // The survey's answer reaches the desk: stars on the closed chat.
    await integration(`/chats/${chatId}/rating`, { rating: 4, comment: 'Fixed fast' });
    const closed = page.getByRole('list', { name: 'Recently closed chats' }).getByRole('listitem').filter({ hasText: 'Grace Hopper' });
    await closed.getByLabel('Rated 4 of 5').waitFor();
    await header.getByLabel('Rated 4 of 5').waitFor();
    await shot(page, 'desk-closed-rated');
  });

  it('lists callback requests and marks one called back', async () => {
    await integration('/callbacks', {
      idempotencyKey: `callback-${Date.now()}`,
      handoffId: 'handoff/default/cb1',
      phone: '+44 20 7946 0000',
      when: 'tomorrow after 9',
      note: 'Printer on floor 3',
      user: { id: 'u-cb', name: 'Ada Lovelace', department: 'Research' },
      ticketNumber: 'LOC0000042',
    });
    const desk = await DeskPage.open(browser, stack);
    const { page } = desk;
    await page.getByRole('tab', { name: /^Callbacks/ }).click();
    const card = page.locator('[data-callback]').filter({ hasText: 'Ada Lovelace' });
    await card.getByText('+44 20 7946 0000').waitFor();
    await card.getByText('When: tomorrow after 9').waitFor();
    await shot(page, 'desk-callbacks');
    await card.getByRole('button', { name: 'Mark called back' }).click();
    await card.getByText(`Called back by ${TEST_AGENT}`).waitFor();
    await shot(page, 'desk-callback-done');
  });

  it('keeps the sound setting across reloads', async () => {
    const desk = await DeskPage.open(browser, stack);
    const sound = desk.page.getByLabel('Sound');
    expect(await sound.isChecked()).toBe(true);
    await sound.uncheck();
    await desk.page.reload();
    await desk.page.locator('.live.on').waitFor();
    expect(await desk.page.getByLabel('Sound').isChecked()).toBe(false);
    await newChat('Quiet Chat');
    await desk.waiting('Quiet Chat').waitFor();
    expect(await desk.page.evaluate<string | undefined>('document.body.dataset.chimes')).toBeUndefined();
  });
});
