import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTestBrowser, type TestBrowser } from '../support/browser';
import { DeskPage } from '../support/pages';
import { HandoffStack, TEST_AGENT } from '../support/stack';

let stack: HandoffStack;
let browser: TestBrowser;
withTestBrowser((launched) => (browser = launched));
beforeAll(async () => {
  stack = await HandoffStack.start();
});
afterAll(async () => {
  await stack?.stop();
});

describe("the desk's sign-in in the browser", () => {
  it('asks for a name and password, refuses a wrong one in words, and signs in and out', async () => {
    const page = await browser.open(stack.deskUrl);
    const form = page.getByRole('form', { name: 'Sign in to the desk' });
    await form.waitFor();
    expect(await page.getByRole('list', { name: 'Chats waiting for an agent' }).count()).toBe(0);
    await browser.screenshot(page, 'desk-sign-in');

    await page.getByLabel('Your name').fill(TEST_AGENT);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong name or password.').waitFor();
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await browser.screenshot(page, 'desk-sign-in-refused');

    await page.getByLabel('Password').fill(stack.agentPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.live.on').waitFor();
    await page.getByText(`Signed in as ${TEST_AGENT}`).waitFor();
    const cookies = await browser.context.cookies(stack.deskUrl);
    expect(cookies.find((c) => c.name === 'handoff_desk_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/desk' });

    const desk = await DeskPage.open(browser, stack);
    await desk.signOut();
    expect(await page.evaluate(async () => (await fetch('/desk/api/queue')).status)).toBe(401);
    await page.reload();
    await form.waitFor();
  });

  it('shows a used join link as refused, in words', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'api' }))).body;
    await stack.visitorCookie(handoff.redirectUrl);
    const page = await browser.open(handoff.redirectUrl);
    await page.getByRole('heading', { name: 'This link cannot open the chat' }).waitFor();
    expect(await page.getByTestId('refusal').textContent()).toMatch(/^This join link was already used: .*Ask for a new link where you got this one\.$/);
    await browser.screenshot(page, 'join-link-refused');
  });
});
