/** The desk's header tells agents the opening hours of the profiles that queue on it: open now, or when they open, in their time zone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTestBrowser, type TestBrowser } from '../support/browser';
import { DeskPage } from '../support/pages';
import { HandoffStack } from '../support/stack';

const CONFIG = `
profiles:
  always:
    mode: broker
    platform: local-desk
    hours: { timezone: UTC, weekly: { mon: ['00:00-24:00'], tue: ['00:00-24:00'], wed: ['00:00-24:00'], thu: ['00:00-24:00'], fri: ['00:00-24:00'], sat: ['00:00-24:00'], sun: ['00:00-24:00'] } }
  holiday:
    mode: broker
    platform: local-desk
    platformOptions: { queue: Billing }
    hours: { timezone: Europe/Berlin, weekly: { mon: ['08:00-18:00'] }, holidays: ['${new Date().toISOString().slice(0, 10)}'] }
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

describe('opening hours on the desk', () => {
  it('shows each profile with hours as open, or closed with its next opening in its time zone, which it names, and the week in a tooltip', async () => {
    const desk = await DeskPage.open(browser, stack);
    const hours = desk.page.getByTestId('desk-hours');
    await hours.filter({ hasText: 'General (always): open (UTC)' }).waitFor();
    // Today is a holiday in Berlin: it opens next on a Monday at 08:00 there, wherever the agent is.
    expect(await hours.textContent()).toMatch(/Billing \(holiday\): closed, opens Mon,? 08:00[^(]* \(Europe\/Berlin\)/);
    expect(await hours.locator('.closed').getAttribute('title')).toBe('holiday: mon 08:00-18:00 (Europe/Berlin)');
    await browser.screenshot(desk.page, 'desk-hours');
  });
});
