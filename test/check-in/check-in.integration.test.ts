/**
 * Idle check-ins on the real dev server: a user silent for `userIdleCheckIn` gets `handoff.check-in`
 * through the bot, the agent sees a notice on the desk, and `inactivity` then closes the chat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IN_TEXT } from '../../workflows/session';
import { eventually, HandoffStack } from '../support/stack';

const CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    timeouts: { userIdleCheckIn: 10s, inactivity: 14s }
`;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
});
afterAll(async () => {
  await stack?.stop();
});

describe('checking in on a silent user', () => {
  it('checks in once the configured silence has passed, then closes for inactivity', async () => {
    const started = await stack.call('POST', '/v1/handoffs', stack.request());
    const handoffId = started.body.id as string;
    const chatId = await eventually(() => stack.chatFor(handoffId)!.chatId);
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/accept`, {})).status).toBe(200);
    const joinedAt = await eventually(() => {
      const joined = stack.bot.eventsFor(handoffId).find((event) => event.type === 'agent.joined');
      expect(joined).toBeDefined();
      return Date.parse(joined!.at);
    });

    const checkIn = await eventually(() => {
      const found = stack.bot.eventsFor(handoffId).find((event) => event.type === 'handoff.check-in');
      expect(found).toBeDefined();
      return found!;
    }, 30_000);
    expect(checkIn).toMatchObject({ text: CHECK_IN_TEXT, eventId: expect.stringContaining('/check-in/') });
    // Never before the configured silence since the agent joined.
    expect(Date.parse(checkIn.at)).toBeGreaterThanOrEqual(joinedAt + 10_000);

    const chat = await eventually(async () => {
      const answer = await stack.call('GET', `/desk/api/chats/${chatId}`);
      expect(answer.body.messages.map((m: { from: string; text: string }) => `${m.from}:${m.text}`)).toContain(
        `system:The user has been silent for 10 s; Handoff asked them: "${CHECK_IN_TEXT}"`,
      );
      return answer.body;
    });
    expect(chat.status).toBe('active');

    await eventually(
      async () => expect((await stack.call('GET', stack.handoffPath(handoffId))).body).toMatchObject({ status: 'closed', reason: 'inactivity' }),
      30_000,
    );
    const events = stack.bot.eventsFor(handoffId);
    // Both deadlines count from the same start (the join: the user never wrote), each dated at its deadline.
    expect(Date.parse(events.at(-1)!.at) - Date.parse(checkIn.at)).toBe(4_000);
    const types = events.map((event) => event.type);
    expect(types.slice(types.indexOf('agent.joined'))).toEqual(['agent.joined', 'handoff.check-in', 'handoff.closed']);
  });
});
