import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QueueApiSimulator, type CannedAnswer } from './simulator';
import { eventually, HandoffStack } from '../../../test/support/stack';
import { historyText, startHandoff, TRICKY_UTTERANCE, withUtterance } from '../../../test/connectors/helpers';

const API_KEY = 'vs-key-5d1c8e2f';
const JOIN_URL = 'https://chat.example.com/join/42?lang=en';
const api = new QueueApiSimulator({ apiKey: API_KEY, queues: ['IT-Support'] });
let stack: HandoffStack;

beforeAll(async () => {
  // Connectors resolve `${ENV}` references from the stack's `env`, which is process.env unless a test passes its own.
  vi.stubEnv('VS_API_KEY', API_KEY);
  vi.stubEnv('VS_WRONG_KEY', 'not-the-key');
  const base = await api.start();
  stack = await HandoffStack.start({
    config: `
profiles:
  vayusphere:
    mode: api
    platform: vayusphere
    fileTicket: true
    platformOptions: { baseUrl: '${base}', apiKey: '\${VS_API_KEY}', queue: IT-Support }
  vayusphere-short:
    mode: api
    platform: vayusphere
    fileTicket: true
    timeouts: { agentAccept: 1h, maxDuration: 2s }
    platformOptions: { baseUrl: '${base}', apiKey: '\${VS_API_KEY}', queue: IT-Support }
  vayusphere-unknown-queue:
    mode: api
    platform: vayusphere
    platformOptions: { baseUrl: '${base}', apiKey: '\${VS_API_KEY}', queue: Facilities }
  vayusphere-wrong-key:
    mode: api
    platform: vayusphere
    platformOptions: { baseUrl: '${base}', apiKey: '\${VS_WRONG_KEY}' }
  custom:
    mode: api
    platform: generic-api
    platformOptions:
      queueName: Service desk
      request:
        method: PUT
        url: '${base}/custom/queues/{category}/members?ref={handoffId}'
        headers: { X-Api-Key: '\${VS_API_KEY}', Idempotency-Key: '{idempotencyKey}', X-Source: handoff }
        body: { who: { id: '{userId}', email: '{userEmail}' }, text: '{lastUtterance}', tags: [handoff, '{category}'], priority: 2, urgent: false, note: null }
      response:
        joinUrl: $.data.links[0].href
        queuePosition: $.data.queue.position
        estimatedWaitSeconds: "$.data.queue['wait seconds']"
        sessionId: data.id
`,
  });
});
afterAll(async () => {
  await stack?.stop();
  await api.stop();
  vi.unstubAllEnvs();
});

const statusOf = async (id: string) => (await stack.call('GET', stack.handoffPath(id))).body;
const customAnswer = (data: Record<string, unknown>): CannedAnswer => ({
  status: 200,
  body: { data: { id: 42, links: [{ href: JOIN_URL }], queue: { position: '3', 'wait seconds': 120.5 }, ...data } },
});

describe('Vayusphere (the generic-api preset)', () => {
  it('places the user in the queue with the preset call and links them to the join URL, noting it on the ticket', async () => {
    const handoff = await startHandoff(stack, 'vayusphere', withUtterance(TRICKY_UTTERANCE));
    expect(handoff).toMatchObject({ status: 'queued', mode: 'api', platform: 'vayusphere', queue: { name: 'IT-Support', position: 1 } });
    const request = api.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', path: '/api/v1/handoffs' });
    expect(request.headers).toMatchObject({ authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'idempotency-key': expect.any(String) });
    expect(request.body).toEqual({
      queue: 'IT-Support',
      reference: handoff.id,
      user: { id: 'u-42', name: 'Ada Lovelace', email: 'ada@example.com', locale: '' },
      message: TRICKY_UTTERANCE,
      summary: 'VPN drops every few minutes',
      ticket: handoff.ticket.number,
    });
    const placement = [...api.placements.values()].at(-1)!;
    expect(handoff.redirectUrl).toBe(placement.joinUrl);
    await eventually(() => {
      const notes = stack.desk.store.ticket(handoff.ticket.number)!.workNotes.map((n) => n.text);
      expect(notes).toContain(
        `The user was placed in queue IT-Support on vayusphere and sent a private link to join the chat (not noted here: whoever holds it joins as the user)`,
      );
    });
  });

  it('retries through 503s with the same idempotency key, so the user is placed once', async () => {
    api.failBefore = { count: 2, status: 503 };
    const before = api.requests.length;
    const placements = api.placements.size;
    const handoff = await startHandoff(stack, 'vayusphere');
    expect(handoff.status).toBe('queued');
    const attempts = api.requests.slice(before);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(api.placements.size - placements).toBe(1);
  });

  it('fails with the reason when the queue is refused (HTTP 404)', async () => {
    const handoff = await startHandoff(stack, 'vayusphere-unknown-queue');
    expect(handoff).toMatchObject({ status: 'failed', reason: 'Vayusphere: place in queue: HTTP 404 {"error":"unknown queue Facilities"}' });
  });

  it('fails with the reason when the API key is refused (HTTP 401)', async () => {
    const handoff = await startHandoff(stack, 'vayusphere-wrong-key');
    expect(handoff).toMatchObject({ status: 'failed', reason: 'Vayusphere: place in queue: HTTP 401 {"error":"invalid API key"}' });
  });

  it('keeps the API key out of the workflow history', async () => {
    const handoff = await startHandoff(stack, 'vayusphere');
    const history = await historyText(stack, handoff.id);
    expect(history).toContain(handoff.redirectUrl);
    expect(history).not.toContain(API_KEY);
  });

  it('stays queued without events until maxDuration, then closes with reason no-events; the ticket notes that the user was sent a link', async () => {
    const handoff = await startHandoff(stack, 'vayusphere-short');
    expect(handoff.status).toBe('queued');
    await eventually(
      async () => expect(await statusOf(handoff.id)).toMatchObject({ status: 'closed', reason: 'no-events', redirectUrl: handoff.redirectUrl }),
      15_000,
    );
    const notes = stack.desk.store.ticket(handoff.ticket.number)!.workNotes.map((n) => n.text);
    expect(notes).toContain(
      `The user was placed in queue IT-Support on vayusphere and sent a private link to join the chat (not noted here: whoever holds it joins as the user)`,
    );
  });
});

describe('generic-api with a configured call and answer paths', () => {
  it('sends the configured method, URL, headers and JSON body, and reads join URL, position, wait and id from the answer', async () => {
    api.respond = () => customAnswer({});
    const handoff = await startHandoff(stack, 'custom', withUtterance(TRICKY_UTTERANCE));
    expect(handoff).toMatchObject({
      status: 'queued',
      platform: 'generic-api',
      redirectUrl: JOIN_URL,
      queue: { name: 'Service desk', position: 3, estimatedWaitSeconds: 120.5 },
    });
    const request = api.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'PUT', path: '/custom/queues/IT/members' });
    expect(request.query.get('ref')).toBe(handoff.id);
    expect(request.headers).toMatchObject({ 'x-api-key': API_KEY, 'x-source': 'handoff', 'idempotency-key': expect.any(String) });
    expect(request.body).toEqual({
      who: { id: 'u-42', email: 'ada@example.com' },
      text: TRICKY_UTTERANCE,
      tags: ['handoff', 'IT'],
      priority: 2,
      urgent: false,
      note: null,
    });
  });

  it.each([
    ['no join URL', customAnswer({ links: [] }), 'generic-api: the answer has no join URL at $.data.links[0].href'],
    [
      'a join URL that is not a URL',
      customAnswer({ links: [{ href: 'see you soon' }] }),
      'generic-api: the join URL at $.data.links[0].href is not an absolute http(s) URL: "see you soon"',
    ],
    [
      'a javascript: join URL',
      customAnswer({ links: [{ href: 'javascript:alert(1)' }] }),
      'generic-api: the join URL at $.data.links[0].href is not an absolute http(s) URL: "javascript:alert(1)"',
    ],
    ['no queue position', customAnswer({ queue: { 'wait seconds': 5 } }), 'generic-api: the answer has no queue position at $.data.queue.position'],
    [
      'a queue position that is not a number',
      customAnswer({ queue: { position: 'soon', 'wait seconds': 5 } }),
      'generic-api: the queue position at $.data.queue.position is not a whole number ≥ 0: "soon"',
    ],
    [
      'a negative wait',
      customAnswer({ queue: { position: 1, 'wait seconds': -4 } }),
      "generic-api: the estimated wait at $.data.queue['wait seconds'] is not a number ≥ 0: -4",
    ],
    [
      'no session id',
      { status: 200, body: { data: { links: [{ href: 'https://chat.example.com/j' }], queue: { position: 1, 'wait seconds': 1 } } } },
      'generic-api: the answer has no session id at data.id',
    ],
    [
      'an answer that is not JSON',
      { status: 200, body: '<html>queued!</html>', contentType: 'text/html' },
      'generic-api: place in queue: the answer is not JSON (text/html; charset=utf-8)',
    ],
    ['a 422', { status: 422, body: { error: 'user.email is required' } }, 'generic-api: place in queue: HTTP 422 {"error":"user.email is required"}'],
  ])('fails the handoff with a clear reason for an answer with %s', async (_what, answer, reason) => {
    api.respond = () => answer;
    const handoff = await startHandoff(stack, 'custom');
    expect(handoff).toMatchObject({ status: 'failed', reason });
    expect(handoff.redirectUrl).toBeUndefined();
  });
});
