import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT, cookieOf, startDeskServer, type DeskServer } from './desk-server';

let server: DeskServer;
let chatId: string;
beforeAll(async () => {
  server = await startDeskServer();
  ({ chatId } = await server.newChat());
});
afterAll(async () => {
  await server?.close();
});

const FOREIGN = 'http://evil.example';

/** Every route of the agent's API, with a body that would pass validation. */
const AGENT_ROUTES = (id: string): Array<[string, string, unknown?]> => [
  ['GET', '/desk/api/queue'],
  ['GET', '/desk/api/chats'],
  ['GET', `/desk/api/chats/${id}`],
  ['GET', '/desk/api/tickets'],
  ['GET', '/desk/api/events'],
  ['POST', `/desk/api/chats/${id}/accept`, {}],
  ['POST', `/desk/api/chats/${id}/messages`, { text: 'hello' }],
  ['POST', `/desk/api/chats/${id}/typing`, { typing: true }],
  ['POST', `/desk/api/chats/${id}/close`, {}],
];

describe("the desk's agent API without a session", () => {
  it('answers every route and the live feed 401 in the API error shape', async () => {
    for (const [method, path, json] of AGENT_ROUTES(chatId)) {
      const answer = await server.fetch(path, { method, json });
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.headers.get('content-type'), `${method} ${path}`).toContain('application/json');
      expect(await answer.json(), `${method} ${path}`).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('sign in') } });
    }
    expect(server.desk.store.chat(chatId)).toMatchObject({ status: 'queued' });
  });

  it('answers 401 to a cookie that is not a session, and to a session cookie after sign-out', async () => {
    expect((await server.fetch('/desk/api/queue', { cookie: 'handoff_desk_session=made-up' })).status).toBe(401);
    const cookie = await server.signIn();
    expect((await server.fetch('/desk/api/queue', { cookie })).status).toBe(200);
    const signedOut = await server.fetch('/desk/api/session', { method: 'DELETE', cookie });
    expect(signedOut.status).toBe(204);
    expect(cookieOf(signedOut).attributes).toContain('Expires=Thu, 01 Jan 1970');
    expect((await server.fetch('/desk/api/queue', { cookie })).status).toBe(401);
    expect((await server.fetch('/desk/api/session', { cookie })).status).toBe(401);
  });
});

describe('signing in', () => {
  it('sets an httpOnly, SameSite=Strict session cookie on /desk and tells who is signed in', async () => {
    const answer = await server.fetch('/desk/api/session', { method: 'POST', json: AGENT });
    expect(answer.status).toBe(204);
    const { pair, attributes } = cookieOf(answer);
    expect(pair).toMatch(/^handoff_desk_session=[\w-]{40,}$/);
    expect(attributes).toContain('HttpOnly');
    expect(attributes).toContain('SameSite=Strict');
    expect(attributes).toContain('Path=/desk');
    expect(attributes).not.toContain('Secure');
    const who = await server.fetch('/desk/api/session', { cookie: pair });
    expect(await who.json()).toEqual({ name: 'Grace', role: 'agent', presence: 'available' });
  });

  it('answers a wrong password and an unknown name with the same 401', async () => {
    const wrongPassword = await server.fetch('/desk/api/session', { method: 'POST', json: { name: AGENT.name, password: 'not the password' } });
    const unknownName = await server.fetch('/desk/api/session', { method: 'POST', json: { name: 'Mallory', password: AGENT.password } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownName.status).toBe(401);
    const [a, b] = [await wrongPassword.json(), await unknownName.json()];
    expect(a).toEqual({ error: { code: 'unauthorized', message: 'wrong name or password' } });
    expect(b).toEqual(a);
    expect(wrongPassword.headers.getSetCookie()).toEqual([]);
  });

  it('marks the cookie Secure when the public URL is https, and scopes it to its path', async () => {
    const behindProxy = await startDeskServer({ publicUrl: 'https://help.example.com/handoff' });
    try {
      const answer = await behindProxy.fetch('/desk/api/session', { method: 'POST', json: AGENT });
      expect(cookieOf(answer).attributes).toContain('Secure');
      expect(cookieOf(answer).attributes).toContain('Path=/handoff/desk');
    } finally {
      await behindProxy.close();
    }
  });
});

describe('state-changing desk calls', () => {
  it('refuse a foreign Origin with 403, even with a valid session', async () => {
    const cookie = await server.signIn();
    for (const [method, path, json] of AGENT_ROUTES(chatId).filter(([method]) => method !== 'GET')) {
      const answer = await server.fetch(path, { method, json, cookie, headers: { origin: FOREIGN } });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect((await answer.json()).error.code).toBe('foreign_origin');
    }
    const signIn = await server.fetch('/desk/api/session', { method: 'POST', json: AGENT, headers: { origin: FOREIGN } });
    expect(signIn.status).toBe(403);
    expect(server.desk.store.chat(chatId)).toMatchObject({ status: 'queued' });
  });

  it("take the desk's own origin, its loopback aliases, and no Origin at all (curl)", async () => {
    const cookie = await server.signIn();
    const { chatId: own } = await server.newChat();
    const sameOrigin = await server.fetch(`/desk/api/chats/${own}/accept`, { method: 'POST', json: {}, cookie, headers: { origin: server.url } });
    expect(sameOrigin.status).toBe(200);
    const alias = server.url.replace('127.0.0.1', 'localhost');
    expect((await server.fetch(`/desk/api/chats/${own}/typing`, { method: 'POST', json: {}, cookie, headers: { origin: alias } })).status).toBe(202);
    expect((await server.fetch(`/desk/api/chats/${own}/messages`, { method: 'POST', json: { text: 'hi' }, cookie })).status).toBe(201);
    // A body-less POST (close) needs no content type.
    expect((await server.fetch(`/desk/api/chats/${own}/close`, { method: 'POST', cookie })).status).toBe(200);
  });

  it('refuse a text/plain body, the cross-origin form of a POST that needs no preflight', async () => {
    const cookie = await server.signIn();
    const body = JSON.stringify({ text: 'closing you' });
    const crossOrigin = await server.fetch(`/desk/api/chats/${chatId}/close`, {
      method: 'POST',
      cookie,
      body,
      headers: { 'content-type': 'text/plain', origin: FOREIGN },
    });
    expect(crossOrigin.status).toBe(403);
    const plain = await server.fetch(`/desk/api/chats/${chatId}/close`, { method: 'POST', cookie, body, headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
    expect((await plain.json()).error).toMatchObject({ code: 'unsupported_media_type', message: 'the body is text/plain; send application/json' });
    const form = await server.fetch(`/desk/api/chats/${chatId}/close`, {
      method: 'POST',
      cookie,
      body: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const signInAsText = await server.fetch('/desk/api/session', { method: 'POST', body: JSON.stringify(AGENT), headers: { 'content-type': 'text/plain' } });
    expect(signInAsText.status).toBe(415);
    expect(server.desk.store.chat(chatId)).toMatchObject({ status: 'queued' });
  });
});

describe('accepting a chat', () => {
  it("takes the signed-in agent's name, and refuses to act under another", async () => {
    await server.desk.saveAgent('Ken', 'another long password');
    const ken = await server.signIn({ name: 'Ken', password: 'another long password' });
    const { chatId: id } = await server.newChat();
    const impersonating = await server.fetch(`/desk/api/chats/${id}/accept`, { method: 'POST', json: { agentName: 'Grace' }, cookie: ken });
    expect(impersonating.status).toBe(403);
    expect((await impersonating.json()).error.code).toBe('agent_name_mismatch');
    const accepted = await server.fetch(`/desk/api/chats/${id}/accept`, { method: 'POST', json: {}, cookie: ken });
    expect(await accepted.json()).toEqual({ chatId: id, status: 'active', agentName: 'Ken' });
    expect(server.desk.store.pendingEventsOf(id).map((e) => e.body)).toEqual([expect.objectContaining({ type: 'agent.joined', agentName: 'Ken' })]);
  });
});
