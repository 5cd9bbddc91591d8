/** Routing on the real dev server: a rule-routed chat waits in the route's desk queue, and the decision names the route. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';

const CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
    platformOptions: { queue: General }
    routes:
      - { when: 'user.locale == "de"', queue: Deutsch }
      - { when: '"vpn" IN issue.lastUtterance.$LOWERCASE()', queue: Network, priority: 1 }
`;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
});
afterAll(async () => {
  await stack?.stop();
});

async function deskChat(handoffId: string) {
  const chatId = await eventually(() => stack.chatFor(handoffId)!.chatId);
  return (await stack.call('GET', `/desk/api/chats/${chatId}`)).body;
}

describe('routing by skill and language', () => {
  it('queues a German speaker in the Deutsch queue, before the VPN rule that also holds', async () => {
    const started = await stack.call('POST', '/v1/handoffs', stack.request({ user: { id: 'u-de', name: 'Ada', locale: 'de' } }));
    expect(started.status).toBe(200);
    expect(started.body.queue).toMatchObject({ name: 'Deutsch' });
    expect(started.body.decision.route).toEqual({ index: 0, when: 'user.locale == "de"', queue: 'Deutsch' });
    expect((await deskChat(started.body.id)).queue).toBe('Deutsch');
    const queue = await stack.call('GET', '/desk/api/queue');
    expect(queue.body.find((chat: { handoffId: string }) => chat.handoffId === started.body.id)).toMatchObject({ queue: 'Deutsch' });
    const tickets = await stack.call('GET', '/desk/api/tickets');
    const ticket = tickets.body.find((t: { number: string }) => t.number === started.body.ticket.number);
    expect(ticket.workNotes.map((note: { text: string }) => note.text).join('\n')).toContain('Route 1 (user.locale == "de"): queue Deutsch.');
  });

  it('queues a VPN problem in Network, and anything else in the profile’s own queue', async () => {
    const vpn = await stack.call('POST', '/v1/handoffs', stack.request());
    expect((await deskChat(vpn.body.id)).queue).toBe('Network');
    expect(vpn.body.decision.route).toMatchObject({ index: 1, queue: 'Network', priority: 1 });

    const other = await stack.call('POST', '/v1/handoffs', stack.request({ issue: { lastUtterance: 'The printer is on fire' } }));
    expect((await deskChat(other.body.id)).queue).toBe('General');
    expect(other.body.decision.route).toEqual({ index: null });
  });

  it('answers the route in the eligibility dry run', async () => {
    const answer = await stack.call('POST', '/v1/handoffs/eligibility', stack.request({ user: { id: 'u', locale: 'de' } }));
    expect(answer.body.decision.route).toMatchObject({ index: 0, queue: 'Deutsch' });
  });
});
