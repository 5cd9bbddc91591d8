/**
 * The demo bot after the chat and instead of it: it takes the conversation back, asks for the
 * rating and passes it on, tells the fallback with its next step, a transfer, and why a profile
 * offers no agent now. Driven over the bot's own API (`/demo/api/...`) on a real stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCallback, SIGNATURE_HEADER } from '../../activities/callback-signature';
import { eventually, HandoffStack } from '../support/stack';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** Open only the day after tomorrow (UTC): closed now, whatever the time of the run. */
const OPEN_DAY = WEEKDAYS[(new Date().getUTCDay() + 2) % 7];

const CONFIG = `
profiles:
  default:
    mode: broker
    platform: local-desk
    fileTicket: true
    survey: { enabled: true, windowMinutes: 10 }
  brief-survey:
    mode: broker
    platform: local-desk
    fileTicket: true
    survey: { enabled: true, windowMinutes: 0.05 }
  closed:
    mode: broker
    platform: local-desk
    fileTicket: true
    hours: { timezone: UTC, weekly: { ${OPEN_DAY}: ['09:00-17:00'] } }
    fallback: [callback, ticket]
`;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
});
afterAll(async () => {
  await stack?.stop();
});

interface Line {
  kind: 'said' | 'handoff';
  n: number;
  from?: string;
  text?: string;
  handoff?: { id: string; status: string; survey?: { rating: number; comment?: string }; surveyUntil?: string; fallback?: Record<string, unknown> };
}

/** Reads the conversation's line stream until `enough` says so (or 20 s pass). */
async function linesOf(conversationId: string, enough: (lines: Line[]) => boolean): Promise<Line[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 20_000);
  const lines: Line[] = [];
  try {
    const response = await fetch(`${stack.apiUrl}/demo/api/conversations/${conversationId}/events`, { signal: controller.signal });
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk, { stream: true });
      const blocks = buffered.split('\n\n');
      buffered = blocks.pop()!;
      for (const block of blocks) for (const line of block.split('\n')) if (line.startsWith('data: ')) lines.push(JSON.parse(line.slice(6)));
      if (enough(lines)) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return lines;
}

/** The handoff's view as the page saw it last. */
const lastView = (lines: Line[]) => lines.filter((line) => line.kind === 'handoff').at(-1)!.handoff!;
const botSaid = (lines: Line[]) => lines.filter((line) => line.kind === 'said' && line.from === 'bot').map((line) => line.text!);
const saidBy = (from: string) => (lines: Line[]) => lines.filter((line) => line.kind === 'said' && line.from === from).map((line) => line.text!);

async function newConversation(timeZone?: string): Promise<string> {
  const created = await stack.call('POST', '/demo/api/conversations', timeZone ? { timeZone } : undefined);
  expect(created.status).toBe(201);
  return created.body.conversationId;
}

/** Asks for an agent through the demo, an agent accepts on the desk and closes the chat. */
async function chatClosedByAgent(profile: string): Promise<{ conversationId: string; handoffId: string }> {
  const conversationId = await newConversation();
  const started = await stack.call('POST', `/demo/api/conversations/${conversationId}/handoff`, { profile, name: 'Ada' });
  expect(started.status).toBe(200);
  const handoffId: string = started.body.id;
  const chat = await eventually(() => stack.chatFor(handoffId) ?? expect.fail('not on the desk yet'));
  expect((await stack.call('POST', `/desk/api/chats/${chat.chatId}/accept`, { agentName: 'Grace' })).status).toBe(200);
  expect((await stack.call('POST', `/desk/api/chats/${chat.chatId}/close`)).status).toBe(200);
  return { conversationId, handoffId };
}

function callback(conversationId: string, event: Record<string, unknown>) {
  const body = JSON.stringify({ handoffId: 'handoff/default/x', seq: 1, at: new Date().toISOString(), ...event });
  return fetch(`${stack.apiUrl}/demo/api/callbacks/${conversationId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signCallback(stack.callbackSecret, body) },
    body,
  });
}

describe('the demo bot after the chat', () => {
  it('takes the conversation back when the agent closes, asks for a rating and passes it on to Handoff', async () => {
    const { conversationId, handoffId } = await chatClosedByAgent('default');
    const lines = await linesOf(conversationId, (seen) => botSaid(seen).some((text) => text.startsWith('How was your chat')));
    expect(botSaid(lines)).toEqual(
      expect.arrayContaining([
        "You're back with the assistant. The agent closed the chat. I am back if you need anything else.",
        'How was your chat with the agent? Rate it from 1 to 5 stars below; a comment is welcome.',
      ]),
    );
    expect(lastView(lines).surveyUntil).toEqual(expect.any(String));

    const rated = await stack.call('POST', `/demo/api/conversations/${conversationId}/survey`, { rating: '4', comment: 'Quick and kind' });
    expect(rated.status).toBe(202);
    const after = await linesOf(conversationId, (seen) => botSaid(seen).some((text) => text.startsWith('Thank you for rating')));
    expect(saidBy('user')(after)).toContain('★★★★☆ Quick and kind');
    expect(botSaid(after)).toContain('Thank you for rating the chat 4 out of 5. Anything else I can do?');
    expect(lastView(after).survey).toEqual({ rating: 4, comment: 'Quick and kind' });
    await eventually(async () => expect((await stack.call('GET', stack.handoffPath(handoffId))).body.survey).toEqual({ rating: 4, comment: 'Quick and kind' }));
  });

  it('answers 409 "the survey has closed" once the window is over', async () => {
    const { conversationId } = await chatClosedByAgent('brief-survey');
    await linesOf(conversationId, (seen) => botSaid(seen).some((text) => text.startsWith("You're back with the assistant")));
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const late = await stack.call('POST', `/demo/api/conversations/${conversationId}/survey`, { rating: 5 });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'survey_closed', message: 'the survey has closed' });
  });

  it('refuses a rating outside 1 to 5, and a rating before any handoff, in its own words', async () => {
    const conversationId = await newConversation();
    const bad = await stack.call('POST', `/demo/api/conversations/${conversationId}/survey`, { rating: 7 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'rating', message: expect.stringMatching(/5/) }]);
    const early = await stack.call('POST', `/demo/api/conversations/${conversationId}/survey`, { rating: 3 });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('no_handoff');
  });
});

describe('the demo bot when no agent can take the chat', () => {
  it('says why a closed profile offers no agent now, before the user asks', async () => {
    const conversationId = await newConversation();
    const answer = await stack.call('POST', `/demo/api/conversations/${conversationId}/eligibility`, {});
    expect(answer.status).toBe(200);
    const byProfile = Object.fromEntries(answer.body.profiles.map((p: { profile: string }) => [p.profile, p]));
    expect(byProfile.default).toMatchObject({ eligible: true });
    expect(byProfile.closed).toMatchObject({ eligible: false, explanation: expect.any(String), availability: { open: false } });
  });

  it("tells the fallback's next step and takes the user's callback request", async () => {
    const conversationId = await newConversation('Europe/Paris');
    const started = await stack.call('POST', `/demo/api/conversations/${conversationId}/handoff`, { profile: 'closed', name: 'Ada' });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ decision: { offered: false }, fallback: { action: 'callback', reason: 'closed' } });
    const lines = await linesOf(conversationId, (seen) => botSaid(seen).some((text) => text.includes('call you back')));
    expect(botSaid(lines)).toContain(
      'The service desk is closed right now. Leave your phone number and when suits you below, and the service desk will call you back.',
    );
    const bad = await stack.call('POST', `/demo/api/conversations/${conversationId}/callback`, { phone: 'call me maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'phone', message: expect.stringContaining('phone number') }]);

    const asked = await stack.call('POST', `/demo/api/conversations/${conversationId}/callback`, { phone: '+33 1 23 45 67 89', when: 'tomorrow after 9' });
    expect(asked.status).toBe(202);
    const after = await linesOf(conversationId, (seen) => botSaid(seen).some((text) => text.startsWith('Thank you: the service desk will call you')));
    expect(botSaid(after)).toContain('Thank you: the service desk will call you at +33 1 23 45 67 89 (tomorrow after 9).');
    // Told once, though both the start's answer and the handoff.fallback event carry it.
    expect(botSaid(after).filter((text) => text.includes('call you back'))).toHaveLength(1);
    expect(lastView(after).fallback).toMatchObject({ callback: { when: 'tomorrow after 9' } });
  });

  it("says when agents are back in the user's time zone, and where a transfer goes", async () => {
    const conversationId = await newConversation('Asia/Tokyo');
    expect(
      (
        await callback(conversationId, {
          eventId: 'e-fallback',
          type: 'handoff.fallback',
          action: 'wait-for-opening',
          reason: 'closed',
          nextOpenAt: '2026-03-02T00:00:00.000Z',
        })
      ).status,
    ).toBe(200);
    expect((await callback(conversationId, { eventId: 'e-transfer', type: 'agent.transferred', to: 'Second line' })).status).toBe(200);
    expect(
      (
        await callback(conversationId, {
          eventId: 'e-ticket',
          type: 'handoff.fallback',
          action: 'ticket',
          reason: 'no-agent-accepted',
          ticket: { number: 'LOC0000042' },
        })
      ).status,
    ).toBe(200);
    const lines = await linesOf(conversationId, (seen) => botSaid(seen).some((text) => text.includes('LOC0000042')));
    expect(botSaid(lines)).toContain(
      "The service desk is closed right now. Agents are back at Mon 2 Mar, 09:00 (Asia/Tokyo); you'll be connected then. Keep this page open.",
    );
    expect(saidBy('system')(lines)).toContain("You're being transferred to Second line. Please hold on.");
    expect(botSaid(lines)).toContain("We've filed ticket LOC0000042 for you; the service desk will follow up.");
  });

  it('refuses a time zone that is not one (400)', async () => {
    const answer = await stack.call('POST', '/demo/api/conversations', { timeZone: 'Mars/Olympus' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toEqual([{ path: 'timeZone', message: 'is an IANA time zone, e.g. "Europe/Paris"' }]);
  });
});
