/**
 * Headless Chromium for the browser tests: Debian's `chromium` package, driven by playwright-core
 * (no browser download). `npm test` installs the package when it is missing.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts/browser');

/** This machine has no network beyond loopback: nothing in the browser may reach out on its own. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  /** What the Content-Security-Policy refused on any page so far (Chromium's console messages); emptied by `withTestBrowser` after each test. */
  cspViolations: string[];
  /** A new tab, like a person opening a second window. */
  open(url: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Saves a full-page screenshot to `test-artifacts/browser/<name>.png` (git-ignored). */
  screenshot(page: Page, name: string): Promise<string>;
  /** Screenshots every open tab, to see what a failed test left on screen. */
  screenshotAll(prefix: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run the tests with \`npm test\` (it installs Debian's chromium), or \`apt-get install -y chromium\``);
  }
  // A fresh profile per test file; playwright takes it as the persistent context's folder.
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'handoff-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 860 },
  });
  context.setDefaultTimeout(20_000);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const cspViolations: string[] = [];
  context.on('page', (page) =>
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(`${page.url()}: ${message.text()}`);
    }),
  );
  const screenshot = async (page: Page, name: string) => {
    const file = path.join(ARTIFACTS_DIR, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  return {
    context,
    cspViolations,
    async open(url, viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      await page.goto(url);
      return page;
    },
    screenshot,
    async screenshotAll(prefix) {
      for (const [index, page] of context.pages().entries()) await screenshot(page, `${prefix}-${index + 1}`).catch(() => undefined);
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The hooks of a browser test file: one browser for the file (`ready` gets it), a screenshot of
 * every tab when a test fails, the tabs closed after each test, and a test failed when the
 * Content-Security-Policy refused anything on its pages (a page would then not render as meant).
 */
export function withTestBrowser(ready: (browser: TestBrowser) => void): void {
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    ready(browser);
  });
  afterEach(async ({ task }) => {
    if (!browser) return;
    if (task.result?.state === 'fail') await browser.screenshotAll(`failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`);
    for (const page of browser.context.pages()) await page.close();
    const refused = browser.cspViolations.splice(0);
    expect(refused, 'refused by the Content-Security-Policy').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
}
