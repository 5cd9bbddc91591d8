/**
 * The API's edges over real HTTP, without Temporal (every request here is answered before the
 * workflow service is asked): security headers, CORS, rate limits with the limits `npm start`
 * uses by default, the event-stream cap and the callbackUrl check.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { signedDeskHeaders } from '../../platforms/local-desk/delivery-signature';
import { DEFAULT_LIMITS, startEdge, stopEdges, type Edge } from '../support/edge';

afterEach(stopEdges);

function handoffRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    conversationId: `conv-${randomUUID()}`,
    user: { id: 'u-42', name: 'Ada Lovelace', email: 'ada@example.com' },
    issue: { lastUtterance: 'My VPN keeps dropping' },
    ...overrides,
  };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** A JSON POST sent from `localAddress`, another address of this machine than the tests' 127.0.0.1. */
function postFrom(localAddress: string, url: string, body: unknown): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (answer) => {
      answer.resume();
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0 }));
    });
    sent.on('error', reject);
    sent.end(JSON.stringify(body));
  });
}

/** Sends `count` requests one after another; the statuses in order. */
async function burst(count: number, send: (index: number) => Promise<Response>): Promise<Response[]> {
  const answers: Response[] = [];
  for (let index = 0; index < count; index++) {
    const answer = await send(index);
    await answer.arrayBuffer();
    answers.push(answer);
    if (answer.status === 429) break;
  }
  return answers;
}

/** A local-desk event for a handoff of no profile of this API, signed with `secret`: a genuine one is answered 202 "ignored" without Temporal. */
function deliverDeskEvent(edge: Edge, secret: string): Promise<Response> {
  const body = JSON.stringify({
    eventId: randomUUID(),
    chatId: 'chat-1',
    handoffId: 'handoff/no-such-profile/conv-1',
    at: new Date().toISOString(),
    type: 'agent.message',
    text: 'hello',
  });
  return fetch(`${edge.url}/v1/webhooks/local-desk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedDeskHeaders(secret, body) },
    body,
  });
}

async function expectRateLimited(answer: Response): Promise<void> {
  expect(answer.status).toBe(429);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
}

describe('security headers', () => {
  function expectHardened(answer: Response): void {
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const policy = answer.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).not.toContain('unsafe-inline');
    // Nothing is loaded from another origin or inline: no scheme-wide source and no data: URLs.
    expect(policy).toContain("font-src 'self'");
    expect(policy).toContain("img-src 'self'");
    expect(policy).not.toMatch(/(^|\s)(https?|data|blob):/);
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(answer.headers.get('x-powered-by')).toBeNull();
  }

  it('come on an API answer, a page and an error alike', async () => {
    const edge = await startEdge();
    const api = await fetch(`${edge.url}/openapi.json`);
    expect(api.status).toBe(200);
    expectHardened(api);

    const page = await fetch(`${edge.url}/demo/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expectHardened(page);

    const missing = await fetch(`${edge.url}/nowhere`);
    expect(missing.status).toBe(404);
    expectHardened(missing);

    const unauthorized = await fetch(`${edge.url}/v1/handoffs/default:conv-1`);
    expect(unauthorized.status).toBe(401);
    expectHardened(unauthorized);
  });
});

describe('CORS on the bot API', () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/v1/handoffs`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it('is never granted when no origin is configured', async () => {
    const edge = await startEdge();
    const answer = await preflight(edge.url, 'https://bot.example.com');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const call = await post(`${edge.url}/v1/handoffs/eligibility`, handoffRequest(), {
      authorization: `Bearer ${edge.token}`,
      origin: 'https://bot.example.com',
    });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is granted to a configured origin only', async () => {
    const edge = await startEdge({ corsOrigins: ['https://bot.example.com'] });
    const allowed = await preflight(edge.url, 'https://bot.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://bot.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');

    const other = await preflight(edge.url, 'https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const call = await post(`${edge.url}/v1/handoffs/eligibility`, handoffRequest(), {
      authorization: `Bearer ${edge.token}`,
      origin: 'https://bot.example.com',
    });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBe('https://bot.example.com');

    const desk = await fetch(`${edge.url}/desk/api/chats`, { headers: { origin: 'https://bot.example.com' } });
    expect(desk.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limits', () => {
  it('stop a burst of wrong-token requests early, with Retry-After and the error shape, and never the valid token', async () => {
    const edge = await startEdge();
    const answers = await burst(300, (index) =>
      fetch(`${edge.url}/v1/handoffs/default:conv-${index}`, { headers: { authorization: `Bearer wrong-token-${index}` } }),
    );
    const limited = answers.at(-1)!;
    expect(answers.length).toBe(DEFAULT_LIMITS.botAuthFailures.limit + 1);
    expect(answers.slice(0, -1).every((answer) => answer.status === 401)).toBe(true);
    await expectRateLimited(limited);
    const again = await fetch(`${edge.url}/v1/handoffs/default:conv-x`);
    expect(await again.json()).toEqual({
      error: { code: 'rate_limited', message: expect.stringContaining('without a valid bearer token'), details: { retryAfterSeconds: expect.any(Number) } },
    });

    const valid = await post(`${edge.url}/v1/handoffs/eligibility`, handoffRequest(), { authorization: `Bearer ${edge.token}` });
    expect(valid.status).toBe(200);
  });

  it('limit requests per valid token', async () => {
    const edge = await startEdge({ limits: { botRequests: { limit: 5, windowMs: 60_000 } } });
    const answers = await burst(20, () => post(`${edge.url}/v1/handoffs/eligibility`, handoffRequest(), { authorization: `Bearer ${edge.token}` }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429]);
    await expectRateLimited(answers.at(-1)!);
  });

  it('stop a burst of webhooks that fail verification', async () => {
    const edge = await startEdge();
    const event = { type: 'agent.message', handoffId: 'default:conv-1', eventId: randomUUID(), text: 'hi', at: new Date().toISOString() };
    const answers = await burst(300, () => post(`${edge.url}/v1/webhooks/local-desk`, event, { 'x-desk-secret': 'not-the-secret-at-all' }));
    expect(answers.length).toBe(DEFAULT_LIMITS.webhookFailures.limit + 1);
    expect(answers.slice(0, -1).every((answer) => answer.status === 401)).toBe(true);
    await expectRateLimited(answers.at(-1)!);
  });

  it("never refuse a delivery whose signature verifies, after forgeries from the same address; and count each platform's failures apart", async () => {
    const edge = await startEdge();
    const forged = () => deliverDeskEvent(edge, 'not-the-desk-secret');
    const answers = await burst(300, forged);
    expect(answers.length).toBe(DEFAULT_LIMITS.webhookFailures.limit + 1);
    await expectRateLimited(answers.at(-1)!);

    const genuine = await deliverDeskEvent(edge, edge.deskSecret);
    expect(genuine.status).toBe(202);
    expect(await genuine.json()).toEqual({ status: 'ignored', reason: 'not a Handoff conversation' });
    await expectRateLimited(await forged());

    const otherPlatform = await post(`${edge.url}/v1/webhooks/glia`, { id: randomUUID() }, { 'x-glia-secret': 'not-the-secret' });
    expect(otherPlatform.status).toBe(401);
  });

  it('limit webhook deliveries per address', async () => {
    const edge = await startEdge({ limits: { webhooks: { limit: 3, windowMs: 60_000 } } });
    const answers = await burst(10, () => post(`${edge.url}/v1/webhooks/local-desk`, {}, { 'x-desk-secret': edge.deskSecret }));
    expect(answers.length).toBe(4);
    await expectRateLimited(answers.at(-1)!);
  });

  it('limit the desk chats visitors start without an account, per address, with Retry-After and the error shape', async () => {
    const edge = await startEdge();
    const start = () => post(`${edge.url}/desk/api/visitor/chats`, { text: 'The printer is on fire', name: 'Ada' });
    const answers = await burst(300, start);
    expect(answers.length).toBe(DEFAULT_LIMITS.visitorChats.limit + 1);
    expect(DEFAULT_LIMITS.visitorChats).toEqual(DEFAULT_LIMITS.botAuthFailures);
    expect(answers.slice(0, -1).every((answer) => answer.status === 201)).toBe(true);
    await expectRateLimited(answers.at(-1)!);
    expect(await (await start()).json()).toEqual({
      error: { code: 'rate_limited', message: expect.stringContaining('chats started from this address'), details: { retryAfterSeconds: expect.any(Number) } },
    });
  });

  it('stop a burst of failed desk sign-ins, per address and name, and per address for many names', async () => {
    const edge = await startEdge();
    const signIn = (name: string) => post(`${edge.url}/desk/api/session`, { name, password: 'not-the-password' });
    const sameName = await burst(300, () => signIn('ada'));
    expect(sameName.length).toBe(DEFAULT_LIMITS.signInsPerAddressAndName.limit + 1);
    expect(sameName.slice(0, -1).every((answer) => answer.status >= 400 && answer.status < 500 && answer.status !== 429)).toBe(true);
    await expectRateLimited(sameName.at(-1)!);

    const manyNames = await burst(300, (index) => signIn(`agent-${index}`));
    // The address counted every failed sign-in above too, the refused one included.
    expect(manyNames.length).toBe(DEFAULT_LIMITS.signInsPerAddress.limit - sameName.length + 1);
    await expectRateLimited(manyNames.at(-1)!);
  });

  it('do not lock an agent out from elsewhere when someone guessed their password from one address', async () => {
    const grace = { name: 'Grace', password: 'grace-has-a-long-password' };
    const edge = await startEdge({ desk: { agent: grace } });
    const guesses = await burst(300, () => post(`${edge.url}/desk/api/session`, { name: 'grace', password: 'not-the-password' }));
    expect(guesses.length).toBe(DEFAULT_LIMITS.signInsPerAddressAndName.limit + 1);
    await expectRateLimited(guesses.at(-1)!);
    // The right password from the guessing address is refused too: it may be the guess that found it.
    expect((await post(`${edge.url}/desk/api/session`, grace)).status).toBe(429);

    // 127.0.0.2 is another address of this machine (all of 127/8 is loopback): Grace at her own desk.
    const fromElsewhere = await postFrom('127.0.0.2', `${edge.url}/desk/api/session`, grace);
    expect(fromElsewhere.status).toBe(204);
    const otherName = await postFrom('127.0.0.2', `${edge.url}/desk/api/session`, { name: 'ada', password: 'not-the-password' });
    expect(otherName.status).toBe(401);
  });
});

describe('event streams', () => {
  it('are capped per address while open, and a closed one frees its place', async () => {
    const edge = await startEdge({ limits: { streamsPerAddress: 3 } });
    const created = await post(`${edge.url}/demo/api/conversations`, {});
    const { conversationId } = (await created.json()) as { conversationId: string };
    const feed = `${edge.url}/demo/api/conversations/${encodeURIComponent(conversationId)}/events`;
    const open = (controller: AbortController) => fetch(feed, { headers: { accept: 'text/event-stream' }, signal: controller.signal });

    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const streams = await Promise.all(controllers.map(open));
    expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200]);

    const refused = await fetch(feed);
    await expectRateLimited(refused);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');

    controllers[0]!.abort();
    await expect
      .poll(async () => {
        const controller = new AbortController();
        const answer = await open(controller);
        controller.abort();
        return answer.status;
      })
      .toBe(200);
    for (const controller of controllers) controller.abort();
  });
});

describe('callbackUrl at the API', () => {
  it.each([
    ['https://127.0.0.1/bot/events', 'callback_url_internal'],
    ['https://10.0.0.8/bot/events', 'callback_url_internal'],
    ['https://169.254.169.254/latest/meta-data/', 'callback_url_internal'],
    ['https://[fd00::1]/bot/events', 'callback_url_internal'],
    ['https://localhost/bot/events', 'callback_url_internal'],
    ['https://192.0.2.10/bot/events', 'callback_url_internal'],
    ['https://198.51.100.7/bot/events', 'callback_url_internal'],
    ['https://203.0.113.9/bot/events', 'callback_url_internal'],
    ['https://[2001:db8::1]/bot/events', 'callback_url_internal'],
    ['http://example.com/bot/events', 'callback_url_not_https'],
  ])('refuses %s by default with 400 %s', async (callbackUrl, code) => {
    const edge = await startEdge({ callbackHosts: [] });
    for (const route of ['/v1/handoffs', '/v1/handoffs/eligibility']) {
      const answer = await post(`${edge.url}${route}`, handoffRequest({ callbackUrl }), { authorization: `Bearer ${edge.token}` });
      expect(answer.status).toBe(400);
      expect(await answer.json()).toEqual({
        error: { code, message: expect.stringContaining('callbackUrl'), details: [{ path: 'callbackUrl', message: expect.any(String) }] },
      });
    }
  });

  it('takes a public https URL, and a host on the allow-list over http', async () => {
    const edge = await startEdge({ callbackHosts: ['bot.internal:8080', '127.0.0.1'] });
    for (const callbackUrl of ['https://bot.example.com/events', 'http://bot.internal:8080/events', 'http://127.0.0.1:4000/events']) {
      const answer = await post(`${edge.url}/v1/handoffs/eligibility`, handoffRequest({ callbackUrl }), { authorization: `Bearer ${edge.token}` });
      expect(answer.status, callbackUrl).toBe(200);
    }
  });
});

describe('callbackUrl in a request that breaks its schema too', () => {
  it('is listed among the failing paths of one 400 invalid_request', async () => {
    const edge = await startEdge({ callbackHosts: [] });
    const answer = await post(
      `${edge.url}/v1/handoffs`,
      { conversationId: '', user: {}, issue: {}, callbackUrl: 'https://10.0.0.8/cb' },
      { authorization: `Bearer ${edge.token}` },
    );
    expect(answer.status).toBe(400);
    const { error } = (await answer.json()) as { error: { code: string; details: Array<{ path: string; message: string }> } };
    expect(error.code).toBe('invalid_request');
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'conversationId' }),
        { path: 'callbackUrl', message: expect.stringContaining('a private address') },
      ]),
    );
  });
});

describe('the OpenAPI document', () => {
  it('tells bots of the 429 with Retry-After and of the callbackUrl policy', async () => {
    const edge = await startEdge();
    const document = (await (await fetch(`${edge.url}/openapi.json`)).json()) as any;
    for (const [path, method] of [
      ['/v1/handoffs', 'post'],
      ['/v1/handoffs/{id}/messages', 'post'],
      ['/v1/webhooks/local-desk', 'post'],
    ] as const) {
      expect(document.paths[path][method].responses['429'], `${method} ${path}`).toMatchObject({ headers: { 'Retry-After': expect.any(Object) } });
    }
    expect(document.components.schemas.HandoffRequest.properties.callbackUrl.description).toContain('callback_url_internal');
  });
});
