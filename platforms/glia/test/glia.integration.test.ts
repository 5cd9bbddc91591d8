import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gliaWebhookSecret } from '../webhook-registration';
import { GliaSimulator, type GliaEngagement, type GliaQueueTicket } from './simulator';
import { eventually, HandoffStack } from '../../../test/support/stack';
import { redeliver } from '../../../test/support/redeliver';
import { completed, finalBotEvents, sendUserMessage, startHandoff, transcriptOf, waitForStatus } from '../../../test/brokering/helpers';

const KEYS = { apiKeyId: 'key-id-1', apiKeySecret: 'key-secret-1' };
const glia = new GliaSimulator({ ...KEYS, siteId: 'site-0001', queueId: 'queue-support' });
const WEBHOOK_SECRET = 'glia-webhook-secret-123';
let stack: HandoffStack;

beforeAll(async () => {
  const url = await glia.start();
  stack = await HandoffStack.start({
    env: { GLIA_KEY_ID: KEYS.apiKeyId, GLIA_KEY_SECRET: KEYS.apiKeySecret, GLIA_WEBHOOK_SECRET: WEBHOOK_SECRET },
    config: `
profiles:
  glia:
    mode: broker
    platform: glia
    fileTicket: true
    timeouts: { agentAccept: 10m, inactivity: 10m, maxDuration: 1h }
    platformOptions:
      baseUrl: '${url}'
      apiKeyId: '\${GLIA_KEY_ID}'
      apiKeySecret: '\${GLIA_KEY_SECRET}'
      siteId: site-0001
      queueId: queue-support
      queueName: Support
      webhook: { secret: '\${GLIA_WEBHOOK_SECRET}' }
`,
  });
});
afterAll(async () => {
  await stack?.stop();
  await glia.stop();
});

const maya = { id: 'operator-maya', name: 'Maya Operator' };

async function ticketOf(handoffId: string): Promise<GliaQueueTicket> {
  return eventually(() => {
    const ticket = glia.ticketOf(handoffId);
    if (!ticket) throw new Error(`Glia has no queue ticket for ${handoffId}`);
    return ticket;
  });
}

async function engagedChat() {
  const handoff = await startHandoff(stack, 'glia');
  const engagement = glia.accept(await ticketOf(handoff.id), maya);
  await waitForStatus(stack, handoff.id, 'connected');
  return { handoff, engagement };
}

function visitorTexts(engagement: GliaEngagement): string[] {
  return engagement.visitorMessages.map((m) => m.content);
}

describe('brokered handoff on Glia', () => {
  it("queues a visitor with the user and the ticket, registers this handoff's webhook, and relays a message sent before the operator accepted", async () => {
    const tokensBefore = glia.issuedTokens.length;
    const handoff = await startHandoff(stack, 'glia');
    expect(handoff).toMatchObject({ status: 'queued', platform: 'glia', queue: { name: 'Support' } });

    const ticket = await ticketOf(handoff.id);
    const visitor = glia.visitors.get(ticket.visitorId)!;
    expect(visitor).toMatchObject({ external_id: 'u-42', name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(visitor.note).toContain('Asked for a live agent: My VPN keeps dropping');
    expect(visitor.note).toContain(`Ticket: ${handoff.ticket.number}`);
    const [webhook] = ticket.webhooks;
    expect(webhook!.url).toBe(
      `${stack.apiUrl}/v1/webhooks/glia?handoff=${encodeURIComponent(handoff.id)}&session=${new URL(webhook!.url).searchParams.get('session')}`,
    );
    expect(webhook!.method).toBe('POST');
    expect(Object.keys(webhook!.headers)).toEqual(['x-handoff-webhook-secret']);
    expect(webhook!.events).toEqual(['engagement.start', 'engagement.chat.message', 'engagement.transfer', 'engagement.end', 'engagement.request.failure']);

    await sendUserMessage(stack, handoff.id, 'early', 'is anyone there?');
    const engagement = glia.accept(ticket, maya);
    const connected = await waitForStatus(stack, handoff.id, 'connected');
    expect(connected.agent).toEqual({ name: 'Maya Operator' });
    await eventually(() => expect(visitorTexts(engagement)).toEqual(['is anyone there?']));
    expect(glia.issuedTokens.length - tokensBefore).toBeLessThanOrEqual(1);
  });

  it('shows a message once when a retried task sends it again under another seq, from another worker', async () => {
    const { handoff, engagement } = await engagedChat();
    const seq = await sendUserMessage(stack, handoff.id, 'twice-1', 'sent twice');
    await redeliver(stack, handoff.id, 'glia', [{ seq: seq + 5, kind: 'message', messageId: 'twice-1', text: 'sent twice' }], {
      GLIA_KEY_ID: KEYS.apiKeyId,
      GLIA_KEY_SECRET: KEYS.apiKeySecret,
    });
    await sendUserMessage(stack, handoff.id, 'twice-2', 'after');
    await eventually(() => expect(visitorTexts(engagement)).toEqual(['sent twice', 'after']));
  });

  it('ends the engagement with the configured PATCH when the user leaves', async () => {
    const { handoff, engagement } = await engagedChat();
    await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
    await eventually(() => expect(engagement.endRequests).toEqual([{ status: 'ended' }]));
    await completed(stack, handoff.id);
    expect(stack.bot.eventsFor(handoff.id).at(-1)).toMatchObject({ type: 'handoff.closed', reason: 'user-left' });
  });

  it('withdraws the queue ticket when the user leaves before an operator accepts', async () => {
    const handoff = await startHandoff(stack, 'glia');
    const ticket = await ticketOf(handoff.id);
    await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
    await eventually(() => expect(ticket.state).toBe('cancelled'));
  });

  it('loses and repeats no user message while Glia answers 503 and 429 for a while', async () => {
    const { handoff, engagement } = await engagedChat();
    glia.failMessages = { count: 3, status: 503 };
    await sendUserMessage(stack, handoff.id, 'o-1', 'one');
    await sendUserMessage(stack, handoff.id, 'o-2', 'two');
    await eventually(() => expect(visitorTexts(engagement)).toEqual(['one', 'two']));
    glia.failMessages = { count: 2, status: 429 };
    await sendUserMessage(stack, handoff.id, 'o-3', 'three');
    await eventually(() => expect(visitorTexts(engagement)).toEqual(['one', 'two', 'three']));
    expect(glia.failMessages.count).toBe(0);
    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('connected');
  });

  it('queues the visitor once when Glia fails the queue ticket for a while, and fetches a new token when the old one is refused', async () => {
    const visitorsBefore = glia.visitors.size;
    glia.refuseNextTicket = 503;
    const handoff = await startHandoff(stack, 'glia');
    expect(handoff.status).toBe('queued');
    expect(glia.visitors.size - visitorsBefore).toBe(1);
    expect([...glia.tickets.values()].filter((t) => t.visitorId === glia.ticketOf(handoff.id)!.visitorId)).toHaveLength(1);

    const engagement = glia.accept(await ticketOf(handoff.id), maya);
    await waitForStatus(stack, handoff.id, 'connected');
    const tokensBefore = glia.issuedTokens.length;
    glia.revokeTokens();
    await sendUserMessage(stack, handoff.id, 'after-revoke', 'still here');
    await eventually(() => expect(visitorTexts(engagement)).toEqual(['still here']));
    expect(glia.issuedTokens.length - tokensBefore).toBe(1);
  });

  it('relays a redelivered operator message once and ignores one that arrives after the chat ended', async () => {
    const { handoff, engagement } = await engagedChat();
    glia.outbox.duplicateNext = 1;
    glia.operatorSays(engagement, 'said once, delivered twice');
    glia.outbox.holdNext = 1;
    glia.operatorSays(engagement, 'too late');
    glia.operatorEnds(engagement);
    await waitForStatus(stack, handoff.id, 'closed');
    await completed(stack, handoff.id);
    glia.outbox.releaseHeld();
    await glia.outbox.idle();

    const late = glia.outbox.answers.at(-1)!;
    expect(late.status).toBe(202);
    expect(late.answer).toEqual({ status: 'ignored', reason: 'the handoff has ended' });
    expect(await transcriptOf(stack, handoff.id)).toEqual(['agent:said once, delivered twice']);
    expect((await finalBotEvents(stack, handoff.id)).map((e) => e.type)).toEqual(['handoff.started', 'agent.joined', 'agent.message', 'handoff.closed']);
  });

  it("fails the handoff with Glia's answer and notes it on the ticket when the queue ticket is refused", async () => {
    glia.refuseNextTicket = 422;
    const handoff = await startHandoff(stack, 'glia');
    expect(handoff.status).toBe('failed');
    expect(handoff.reason).toMatch(/^Glia: create the queue ticket: HTTP 422 .*the queue is closed/);
    await eventually(() =>
      expect(stack.desk.store.ticket(handoff.ticket.number)!.workNotes.at(-1)!.text).toContain(
        'Live-agent handoff failed: Glia: create the queue ticket: HTTP 422',
      ),
    );
  });

  it("answers 401 to a webhook without this handoff's secret header and signals nothing", async () => {
    const handoff = await startHandoff(stack, 'glia');
    const other = await startHandoff(stack, 'glia');
    const ticket = await ticketOf(handoff.id);
    const session = new URL(ticket.webhooks[0]!.url).searchParams.get('session')!;
    const path = (id: string) => `/v1/webhooks/glia?handoff=${encodeURIComponent(id)}&session=${session}`;
    const start = { event_type: 'engagement.start', dispatched_at: new Date().toISOString(), engagement: { id: 'forged', operators: [{ name: 'Mallory' }] } };
    const otherHeader = (await ticketOf(other.id)).webhooks[0]!.headers;
    const post = (url: string, headers: Record<string, string>, body: unknown = start) => stack.call('POST', url, body, { authorization: '', ...headers });

    const answers = [
      await post(path(handoff.id), {}),
      await post(path(handoff.id), { 'x-handoff-webhook-secret': 'guessed' }),
      await post(path(handoff.id), otherHeader),
      await post(path(handoff.id), { 'x-handoff-webhook-secret': gliaWebhookSecret('not-the-secret', handoff.id, session) }),
      await post('/v1/webhooks/glia', {}),
      await post(path('handoff/nowhere/c-1'), { 'x-handoff-webhook-secret': gliaWebhookSecret(WEBHOOK_SECRET, 'handoff/nowhere/c-1', session) }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(answers[0]!.body.error).toEqual({ code: 'unauthorized', message: 'a valid Glia webhook secret is required' });

    const valid = ticket.webhooks[0]!.headers;
    const invalid = await post(path(handoff.id), valid, { dispatched_at: new Date().toISOString(), engagement: { id: 'e' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details).toEqual([{ path: 'event_type', message: expect.any(String) }]);

    expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('queued');
    // The start's own event aside, nothing reached the bot.
    expect(stack.bot.eventsFor(handoff.id).filter((e) => e.type !== 'handoff.started')).toEqual([]);
  });
  it('refuses an undated delivery under a valid secret header as stale', async () => {
    const { handoff, engagement } = await engagedChat();
    const { url, headers } = (await ticketOf(handoff.id)).webhooks[0]!;
    const target = new URL(url);
    const undated = {
      event_type: 'engagement.chat.message',
      message: { id: 'm-undated', content: 'no date', engagement_id: engagement.id, target: 'visitor' },
    };
    const answer = await stack.call('POST', `${target.pathname}${target.search}`, undated, { authorization: '', ...headers });
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'webhook_stale' } } });
    expect(await transcriptOf(stack, handoff.id)).toEqual([]);
  });
});
