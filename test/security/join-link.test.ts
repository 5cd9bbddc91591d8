import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieOf, startDeskServer, type DeskServer } from './desk-server';

let server: DeskServer;
beforeAll(async () => {
  server = await startDeskServer({ joinLinkTtlMs: 1_000 });
});
afterAll(async () => {
  await server?.close();
});

const pathOf = (joinUrl: string) => {
  const url = new URL(joinUrl);
  return `${url.pathname}${url.search}`;
};
const asJson = { accept: 'application/json' };
const asBrowser = { accept: 'text/html,application/xhtml+xml' };

describe('the join link', () => {
  it('trades its token, on first use, for a cookie bound to the chat and redirects to the link without it', async () => {
    const { chatId, joinUrl } = await server.newChat();
    const first = await server.fetch(pathOf(joinUrl), { headers: asBrowser });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/desk/join/${chatId}`);
    const { pair, attributes } = cookieOf(first);
    expect(pair).toMatch(new RegExp(`^handoff_visitor_${chatId}=[\\w-]{30,}$`));
    expect(attributes).toContain('HttpOnly');
    expect(attributes).toContain('SameSite=Strict');
    expect(attributes).toContain('Path=/desk');

    const view = await server.fetch(`/desk/api/visitor/chats/${chatId}`, { cookie: pair });
    expect(view.status).toBe(200);
    expect(await view.json()).toMatchObject({ chatId, status: 'queued' });
    const page = await server.fetch(`/desk/join/${chatId}`, { cookie: pair, headers: asBrowser });
    expect(page.status).toBe(200);
  });

  it('refuses a second use of the same link, in words for a person and as JSON for a script', async () => {
    const { chatId, joinUrl } = await server.newChat();
    expect((await server.fetch(pathOf(joinUrl), { headers: asJson })).status).toBe(303);

    const again = await server.fetch(pathOf(joinUrl), { headers: asJson });
    expect(again.status).toBe(410);
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(await again.json()).toEqual({ error: { code: 'join_link_used', message: expect.stringContaining('already used') } });
    const page = await server.fetch(pathOf(joinUrl), { headers: asBrowser });
    expect(page.status).toBe(410);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('data-view="refused"');

    // The second holder of the link reads and writes nothing.
    expect((await server.fetch(`/desk/api/visitor/chats/${chatId}`)).status).toBe(401);
    expect((await server.fetch(`/desk/api/visitor/chats/${chatId}/messages`, { method: 'POST', json: { text: 'I am the user' } })).status).toBe(401);
  });

  it('lets the browser that used it reload the link into its chat', async () => {
    const { chatId, joinUrl } = await server.newChat();
    const { pair } = cookieOf(await server.fetch(pathOf(joinUrl)));
    const reload = await server.fetch(pathOf(joinUrl), { cookie: pair });
    expect(reload.status).toBe(303);
    expect(reload.headers.get('location')).toBe(`/desk/join/${chatId}`);
  });

  it('refuses a link past its lifetime, unused', async () => {
    const { chatId, joinUrl } = await server.newChat();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const late = await server.fetch(pathOf(joinUrl), { headers: asJson });
    expect(late.status).toBe(410);
    expect((await late.json()).error).toMatchObject({ code: 'join_link_expired', message: expect.stringContaining('expired') });
    expect((await server.fetch(`/desk/api/visitor/chats/${chatId}`)).status).toBe(401);
  });

  it("refuses a made-up token, and another chat's cookie", async () => {
    const { chatId, joinUrl } = await server.newChat();
    const made = await server.fetch(`/desk/join/${chatId}?token=made-up`, { headers: asJson });
    expect(made.status).toBe(401);
    expect((await made.json()).error.code).toBe('join_link_invalid');
    const { chatId: other } = await server.newChat();
    const { pair } = cookieOf(await server.fetch(pathOf(joinUrl)));
    const elsewhere = await server.fetch(`/desk/api/visitor/chats/${other}`, { cookie: pair.replace(chatId, other) });
    expect(elsewhere.status).toBe(401);
  });

  it("keeps no token in the desk's file: only its digest", async () => {
    const { chatId, joinUrl } = await server.newChat();
    const token = new URL(joinUrl).searchParams.get('token')!;
    const chat = server.desk.store.chat(chatId)!;
    expect(JSON.stringify(chat)).not.toContain(token);
    for (const file of ['local-desk.sqlite', 'local-desk.sqlite-wal']) {
      expect(readFileSync(path.join(server.dataDir, file)).includes(token), file).toBe(false);
    }
  });
});
