import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';

const CONFIG = `
profiles:
  url:
    mode: url
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: '[Redirected] '
  api:
    mode: api
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: '[Queued] '
    platformOptions: { queue: Service desk }
  sales-it-only:
    mode: broker
    platform: local-desk
    triggerRule: 'issue.category == "IT" AND user.department IN ["Sales", "Support"]'
  broken-rule:
    mode: url
    platform: local-desk
    triggerRule: 'issue.lastUtterance > 3'
`;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
});
afterAll(async () => {
  await stack?.stop();
});

describe('url mode', () => {
  it('answers a desk chat URL that carries the last utterance, name and email, and files the ticket', async () => {
    const utterance = `He said "it's broken" & #42 🚀 ${'x'.repeat(50)}`;
    const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'url', issue: { lastUtterance: utterance, category: 'IT' } }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'redirected', mode: 'url', profile: 'url' });
    const url = new URL(answer.body.redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${stack.deskUrl}/chat`);
    expect(url.searchParams.get('utterance')).toBe(utterance);
    expect(url.searchParams.get('name')).toBe('Ada Lovelace');
    expect(url.searchParams.get('email')).toBe('ada@example.com');
    expect(url.searchParams.get('handoff')).toBe(answer.body.id);
    expect(url.searchParams.get('ticket')).toBe(answer.body.ticket.number);
    const ticket = stack.desk.store.ticket(answer.body.ticket.number)!;
    expect(ticket.shortDescription).toBe(`[Redirected] ${utterance}`.slice(0, 160));
  });

  it('cuts a 5,000-character utterance on a character boundary so the URL stays under 2,000 characters', async () => {
    const utterance = '🙂'.repeat(5_000);
    const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'url', issue: { lastUtterance: utterance } }));
    const url: string = answer.body.redirectUrl;
    expect(url.length).toBeLessThanOrEqual(2_000);
    const carried = new URL(url).searchParams.get('utterance')!;
    expect(carried.length).toBeGreaterThan(10);
    expect(utterance.startsWith(carried)).toBe(true);
    expect(Array.from(carried).every((c) => c === '🙂')).toBe(true);
  });
});

describe('api mode', () => {
  it('places the user in the desk queue, links them over, and follows the desk until the agent closes', async () => {
    const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'api' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'queued', mode: 'api', queue: { name: 'Service desk', position: 1 } });
    const join = new URL(answer.body.redirectUrl);
    expect(join.pathname).toMatch(/^\/desk\/join\//);
    expect(join.searchParams.get('token')).toBeTruthy();

    const chat = stack.chatFor(answer.body.id)!;
    expect(chat.mode).toBe('api');
    await eventually(() => {
      const notes = stack.desk.store.ticket(answer.body.ticket.number)!.workNotes.map((n) => n.text);
      expect(notes).toContain(
        `The user was placed in queue Service desk on local-desk and sent a private link to join the chat (not noted here: whoever holds it joins as the user)`,
      );
      // The link lets whoever holds it in as the user: no ticket carries it.
      expect(notes.join('\n')).not.toContain(join.searchParams.get('token'));
    });
    const ken = await stack.signedInAs('Ken');
    await stack.call('POST', `/desk/api/chats/${chat.chatId}/accept`, {}, ken);
    await eventually(async () =>
      expect((await stack.call('GET', stack.handoffPath(answer.body.id))).body).toMatchObject({ status: 'connected', agent: { name: 'Ken' } }),
    );

    const refused = await stack.call('POST', stack.handoffPath(answer.body.id, '/messages'), { messageId: 'x', text: 'hi' });
    expect(refused.status).toBe(409);

    await stack.call('POST', `/desk/api/chats/${chat.chatId}/close`, undefined, ken);
    await eventually(async () =>
      expect((await stack.call('GET', stack.handoffPath(answer.body.id))).body).toMatchObject({ status: 'closed', reason: 'agent-closed' }),
    );
  });
});

describe('trigger rule', () => {
  it('starts nothing and says why when the rule is not met', async () => {
    const request = stack.request({ profile: 'sales-it-only', user: { id: 'u1', department: 'Finance' } });
    const dryRun = await stack.call('POST', '/v1/handoffs/eligibility', request);
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({ eligible: false, profile: 'sales-it-only', mode: 'broker' });
    expect(dryRun.body.reason).toContain('not met');

    const answer = await stack.call('POST', '/v1/handoffs', request);
    expect(answer.body).toMatchObject({ status: 'not_eligible' });
    expect(answer.body.reason).toContain('not met');
    expect(stack.chatFor(answer.body.id)).toBeUndefined();
  });

  it('offers live agent when the rule is met', async () => {
    const dryRun = await stack.call('POST', '/v1/handoffs/eligibility', stack.request({ profile: 'sales-it-only' }));
    expect(dryRun.body).toMatchObject({
      eligible: true,
      profile: 'sales-it-only',
      mode: 'broker',
      availability: { open: true, source: expect.any(String) },
      decision: { offered: true, reason: 'rule-met', rule: { value: true } },
    });
    expect(dryRun.body.reason).toBeUndefined();
  });

  it('treats an evaluation error as not offered, with the engine message as the reason', async () => {
    const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'broken-rule' }));
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('not_eligible');
    expect(answer.body.reason).toMatch(/^the trigger rule could not be evaluated: /);
  });
});
