/**
 * The chat log the pages share (apps/web/browser/chat-log.ts), alone in Chromium: a reader at the newest
 * line stays there when an image preview loads after the log was drawn (its height arrives late),
 * and a reader who scrolled up is left where they are.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTestBrowser, type TestBrowser } from '../support/browser';
import { screenshotPng } from '../attachments/sample-files';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** How long the preview takes to arrive: long after the log is drawn and scrolled. */
const IMAGE_DELAY_MS = 600;

let browser: TestBrowser;
withTestBrowser((launched) => (browser = launched));
let server: Server;
let base = '';

beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: "import { chatLog, renderLines } from './apps/web/browser/chat-log'; Object.assign(window, { chatLog, renderLines });",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  const css = readFileSync(path.join(ROOT, 'apps/web/browser/base.css'), 'utf8');
  const png = screenshotPng('MARKER-scroll', 'tall.png', 200, 180).bytes;
  server = createServer((req, res) => {
    if (req.url === '/')
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><link rel="stylesheet" href="/base.css"><script type="module" src="/log.js"></script>');
    else if (req.url === '/base.css') res.writeHead(200, { 'content-type': 'text/css' }).end(css);
    else if (req.url === '/log.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (req.url?.startsWith('/slow.png')) setTimeout(() => res.writeHead(200, { 'content-type': 'image/png' }).end(png), IMAGE_DELAY_MS);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server?.close(resolve)));

/** What the page's script leaves on `window` (tests are compiled without the DOM's types). */
interface LogElement {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}
interface PageGlobals {
  chatLog(label: string): LogElement;
  renderLines(log: LogElement, lines: unknown[], me: string): void;
  document: { body: { append(node: LogElement): void } };
  lines: unknown[];
  log: LogElement;
}

/** Draws 30 lines of text and then `images` pictures (each its own URL, so none is cached) into a fresh log. */
async function drawLog(page: Page, images: number): Promise<void> {
  await page.waitForFunction(() => 'renderLines' in globalThis);
  await page.evaluate((count) => {
    const w = globalThis as unknown as PageGlobals;
    w.log = w.chatLog('Chat');
    w.document.body.append(w.log);
    w.lines = Array.from({ length: 30 }, (_, i) => ({ from: i % 2 ? 'user' : 'agent', text: `line ${i}` }));
    w.renderLines(w.log, w.lines, 'agent');
    for (let i = 0; i < count; i++) {
      w.lines.push({
        from: 'user',
        text: `shot ${i}`,
        attachment: { name: `shot-${i}.png`, contentType: 'image/png', size: 1, url: `/slow.png?${i}-${Math.random()}` },
      });
    }
    w.renderLines(w.log, w.lines, 'agent');
  }, images);
}

const gapBelow = (page: Page) =>
  page.getByRole('log').evaluate((node) => {
    const log = node as unknown as LogElement;
    return log.scrollHeight - log.scrollTop - log.clientHeight;
  });
const previewsLoaded = (page: Page) =>
  page.locator('img').evaluateAll((imgs) => imgs.every((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0));

describe('the chat log', () => {
  it('keeps a reader at the newest line when an image preview loads after it was drawn', async () => {
    const page = await browser.open(`${base}/`);
    await drawLog(page, 1);
    await expect.poll(() => previewsLoaded(page), { timeout: 5_000 }).toBe(true);
    await page.waitForTimeout(100);
    expect(await gapBelow(page)).toBeLessThan(2);
  });

  it('leaves a reader who scrolled up where they are', async () => {
    const page = await browser.open(`${base}/`);
    await drawLog(page, 1);
    await page.getByRole('log').evaluate((log) => ((log as unknown as LogElement).scrollTop = 0));
    await expect.poll(() => previewsLoaded(page), { timeout: 5_000 }).toBe(true);
    await page.waitForTimeout(100);
    expect(await page.getByRole('log').evaluate((log) => (log as unknown as LogElement).scrollTop)).toBe(0);
  });
});
