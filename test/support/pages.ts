/**
 * What a person does on the demo and desk pages, named as they would say it. Each action first
 * brings its tab to the front, as a person would: Chromium throttles the frames of background
 * tabs, which slows every click there by seconds.
 */
import type { Locator, Page } from 'playwright-core';
import type { TestBrowser } from './browser';
import { TEST_AGENT, type HandoffStack } from './stack';

export class DemoPage {
  private constructor(readonly page: Page) {}

  /** `timezoneId` is the user's time zone, as their browser tells it to the page (the machine's otherwise). */
  static async open(browser: TestBrowser, stack: HandoffStack, viewport?: { width: number; height: number }, timezoneId?: string): Promise<DemoPage> {
    const page = await browser.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    if (timezoneId) await (await browser.context.newCDPSession(page)).send('Emulation.setTimezoneOverride', { timezoneId });
    await page.goto(`${stack.apiUrl}/demo`);
    const demo = new DemoPage(page);
    await demo.page.locator('.live.on').waitFor();
    return demo;
  }

  get log(): Locator {
    return this.page.getByRole('log', { name: 'Your chat with the bot' });
  }

  get status(): Locator {
    return this.page.getByTestId('handoff-status');
  }

  /** The chat's message box, whoever it writes to ("Write to the bot", "Write to Grace"). */
  get messageBox(): Locator {
    return this.page.getByRole('region', { name: 'Chat' }).getByRole('textbox');
  }

  get alert(): Locator {
    return this.page.getByRole('alert');
  }

  /** Types into the chat box and presses Enter. */
  async say(text: string): Promise<void> {
    await this.page.bringToFront();
    await this.messageBox.fill(text);
    await this.page.keyboard.press('Enter');
  }

  async sees(text: string): Promise<void> {
    await this.log.getByText(text).last().waitFor();
  }

  async requestAgent(profile: string, who: { name?: string; email?: string } = {}): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByRole('button', { name: 'Request live agent' }).click();
    await this.page.locator(`input[name="profile"][value="${profile}"]`).check();
    if (who.name !== undefined) await this.page.getByLabel('Your name').fill(who.name);
    if (who.email !== undefined) await this.page.getByLabel('Your email').fill(who.email);
    await this.page.getByRole('button', { name: 'Hand me over' }).click();
  }

  /** Picks a file with "Attach a file"; the page sends it at once. */
  async attach(file: { name: string; contentType: string; bytes: Buffer }): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByLabel('Attach a file').setInputFiles({ name: file.name, mimeType: file.contentType, buffer: file.bytes });
  }

  /** Waits for the handoff's status (the badge says it in words; it keeps the code in `data-status`). */
  async waitForStatus(status: string): Promise<void> {
    await this.page.locator(`[data-testid="handoff-status"][data-status="${status}"]`).waitFor();
  }
}

export class DeskPage {
  private constructor(
    readonly page: Page,
    private readonly stack: HandoffStack,
  ) {}

  /** Opens the agent's console, signing in as the stack's test agent when the browser has no session yet. */
  static async open(browser: TestBrowser, stack: HandoffStack): Promise<DeskPage> {
    const desk = new DeskPage(await browser.open(`${stack.deskUrl}`), stack);
    const signInForm = desk.page.getByRole('form', { name: 'Sign in to the desk' });
    await desk.page.locator('.live.on').or(signInForm).waitFor();
    if (await signInForm.isVisible()) await desk.signIn(TEST_AGENT);
    return desk;
  }

  /** Fills the sign-in form as `name` (an agent the stack makes, with its agent password) and waits for the console. */
  async signIn(name: string): Promise<void> {
    await this.stack.agentCookie(name);
    await this.page.getByLabel('Your name').fill(name);
    await this.page.getByLabel('Password').fill(this.stack.agentPassword);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.locator('.live.on').waitFor();
  }

  async signOut(): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await this.page.getByRole('form', { name: 'Sign in to the desk' }).waitFor();
  }

  waiting(text: string): Locator {
    return this.page.getByRole('list', { name: 'Chats waiting for an agent' }).getByRole('listitem').filter({ hasText: text });
  }

  get log(): Locator {
    return this.page.getByRole('log', { name: 'Chat with the user' });
  }

  /** Accepts as `agentName`, signing in as them first when another agent is signed in. */
  async accept(text: string, agentName = TEST_AGENT): Promise<void> {
    await this.page.bringToFront();
    if ((await this.page.getByTestId('signed-in-as').textContent()) !== `Signed in as ${agentName}`) {
      await this.signOut();
      await this.signIn(agentName);
    }
    await this.waiting(text).getByRole('button', { name: 'Accept' }).click();
    await this.page.locator('.badge.active').waitFor();
  }

  /** Types a reply key by key and sends it with Enter; `beforeSending` runs while the text is typed but not sent. */
  async reply(text: string, beforeSending?: () => Promise<void>): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByRole('textbox', { name: 'Write to the user' }).pressSequentially(text);
    await beforeSending?.();
    await this.page.keyboard.press('Enter');
    await this.log.getByText(text).waitFor();
  }

  async sees(text: string): Promise<void> {
    await this.log.getByText(text).last().waitFor();
  }

  /** Picks a file with the console's "Attach a file"; the page sends it to the user at once. */
  async attach(file: { name: string; contentType: string; bytes: Buffer }): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByLabel('Attach a file').setInputFiles({ name: file.name, mimeType: file.contentType, buffer: file.bytes });
  }

  async closeChat(): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByRole('button', { name: 'Close chat' }).click();
    // The desk asks first, in a dialog.
    await this.page.getByRole('dialog', { name: 'Close this chat?' }).getByRole('button', { name: 'Close chat' }).click();
    await this.page.locator('.badge.closed').waitFor();
  }

  async showTickets(): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByRole('tab', { name: 'Tickets' }).click();
  }

  ticket(number: string): Locator {
    return this.page.locator(`[data-ticket="${number}"]`);
  }
}

/** The user's chat page on the desk (url mode's landing page, api mode's join link). */
export class VisitorPage {
  constructor(readonly page: Page) {}

  get log(): Locator {
    return this.page.getByRole('log', { name: 'Your chat with the service desk' });
  }

  get status(): Locator {
    return this.page.getByRole('status');
  }

  async say(text: string): Promise<void> {
    await this.page.bringToFront();
    await this.page.getByRole('textbox', { name: 'Write to the agent' }).fill(text);
    await this.page.keyboard.press('Enter');
    await this.log.getByText(text).waitFor();
  }

  async sees(text: string): Promise<void> {
    await this.log.getByText(text).last().waitFor();
  }
}
