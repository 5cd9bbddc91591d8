import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTestBrowser, type TestBrowser } from '../support/browser';
import { eventually, HandoffStack, TEST_AGENT } from '../support/stack';

const SUPERVISOR = 'Sam';

let stack: HandoffStack;
let browser: TestBrowser;
withTestBrowser((launched) => (browser = launched));
beforeAll(async () => {
  stack = await HandoffStack.start();
  await stack.desk.saveAgent(SUPERVISOR, stack.agentPassword, 'supervisor');
});
afterAll(async () => {
  await stack?.stop();
});

/** Starts a broker-mode handoff and answers its chat once it is on the desk. */
async function handoffOnDesk(name: string): Promise<string> {
  const handoff = await stack.call('POST', '/v1/handoffs', stack.request({ user: { id: `u-${name}`, name } }));
  expect(handoff.status, JSON.stringify(handoff.body)).toBeLessThan(300);
  return eventually(() => {
    const chat = stack.chatFor(handoff.body.id);
    if (!chat) throw new Error(`the chat of ${name} is not on the desk yet`);
    return chat.chatId;
  });
}

async function signInOnPage(page: Page, name: string): Promise<void> {
  await page.getByRole('form', { name: 'Sign in to the desk' }).waitFor();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password').fill(stack.agentPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const outcomeList = (page: Page) => page.getByRole('list', { name: "Today's chats by outcome" });

describe('the supervisor view in the browser', () => {
  it('shows a supervisor a queued chat and a closed one, and follows an accept live', async () => {
    const closedChat = await handoffOnDesk('Closed Carla');
    expect((await stack.call('POST', `/desk/api/chats/${closedChat}/accept`, {})).status).toBe(200);
    expect((await stack.call('POST', `/desk/api/chats/${closedChat}/close`, {})).status).toBe(200);
    const queuedChat = await handoffOnDesk('Queued Quinn');

    const page = await browser.open(`${stack.deskUrl}/supervisor`);
    await signInOnPage(page, SUPERVISOR);
    await page.locator('.live.on').waitFor();
    await page.getByTestId('queue-length').filter({ hasText: /^1$/ }).waitFor();
    await outcomeList(page).getByText('Closed by the agent: 1').waitFor();
    await outcomeList(page).getByText('Waiting for an agent: 1').waitFor();
    expect(await page.getByTestId('arrived-today').textContent()).toBe('2');
    expect(await page.getByTestId('csat').textContent()).toBe('No ratings yet');
    expect(await page.getByTestId('abandonment-rate').textContent()).toBe('0%');
    expect(await page.getByTestId('day').textContent()).toMatch(/^Today is \w+day, .+, since midnight in \S+ \(the server's time zone\)\. Updated at /);
    expect(await page.getByRole('list', { name: 'Time to agent today' }).textContent()).toMatch(/Median \(p50\): \d+ s/);
    // Each chart is drawn (chart.js on a canvas), with its values beside it.
    expect(await page.locator('canvas').count()).toBe(4);
    expect(
      await page
        .locator('canvas')
        .first()
        .evaluate((canvas) => {
          const { width, height } = canvas as unknown as { width: number; height: number };
          return width > 0 && height > 0;
        }),
    ).toBe(true);
    await browser.screenshot(page, 'supervisor-view');

    expect((await stack.call('POST', `/desk/api/chats/${queuedChat}/accept`, {})).status).toBe(200);
    await page.getByTestId('queue-length').filter({ hasText: /^0$/ }).waitFor();
    await outcomeList(page).getByText('With an agent now: 1').waitFor();
    expect(await outcomeList(page).getByText('Waiting for an agent: 0').count()).toBe(1);
    expect(await page.getByTestId('longest-wait').textContent()).toBe('—');
    await browser.screenshot(page, 'supervisor-view-after-accept');

    // The survey arrives in a later issue; a rating in the store shows as soon as it is there.
    expect(stack.desk.store.rateChat(closedChat, 4)).toBe(true);
    await page.getByTestId('csat').filter({ hasText: '4.0 / 5' }).waitFor();
    expect(await page.getByRole('list', { name: 'Ratings today (CSAT)' }).textContent()).toContain('Rated 4 or 5: 100%');
    await browser.screenshot(page, 'supervisor-view-rated');
    await page.setViewportSize({ width: 400, height: 860 });
    // Narrow, nothing sticks out sideways once chart.js has resized its canvases.
    await eventually(async () => expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(400), 5_000);
    await browser.screenshot(page, 'supervisor-view-narrow');

    const agentConsole = await browser.open(stack.deskUrl);
    await agentConsole.getByRole('link', { name: 'Supervisor view' }).click();
    await agentConsole.waitForURL(`${stack.deskUrl}/supervisor`);
    await agentConsole.getByTestId('queue-length').filter({ hasText: /^0$/ }).waitFor();
  });

  it('refuses an agent without the supervisor role, on the page and in its JSON', async () => {
    await browser.context.clearCookies();
    const page = await browser.open(`${stack.deskUrl}/supervisor`);
    await signInOnPage(page, TEST_AGENT);
    await page.getByRole('heading', { name: 'This view is for supervisors' }).waitFor();
    expect(await page.getByTestId('refusal').textContent()).toContain(`You are signed in as ${TEST_AGENT}, who has the agent role.`);
    expect(await page.locator('canvas').count()).toBe(0);
    expect((await page.reload())?.status()).toBe(403);
    expect(await page.evaluate(async () => (await fetch('/desk/api/supervisor/summary')).status)).toBe(403);
    await page.getByRole('heading', { name: 'This view is for supervisors' }).waitFor();
    await browser.screenshot(page, 'supervisor-refused');

    const agentConsole = await browser.open(stack.deskUrl);
    await agentConsole.locator('.live.on').waitFor();
    expect(await agentConsole.getByRole('link', { name: 'Supervisor view' }).count()).toBe(0);
  });
});
