import { describe, expect, it } from 'vitest';
import type { BotEvent } from '../../contracts/bot-event';
import type { HandoffView } from '../../contracts/handoff-view';
import { fallbackLine, handBackLine, outcomeLine, queueLine, surveyOpen, transferLine } from '../../apps/demo/bot-lines';
import { localTime } from '../../apps/demo/user-words';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');

function view(patch: Partial<HandoffView> = {}): HandoffView {
  return {
    id: 'handoff/default/c-1',
    conversationId: 'c-1',
    profile: 'default',
    status: 'closed',
    mode: 'broker',
    platform: 'local-desk',
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:30:00.000Z',
    links: { self: 'http://localhost/v1/handoffs/x', temporalUi: 'http://localhost:8233' },
    ...patch,
  };
}

function event(patch: Partial<BotEvent>): BotEvent {
  return { handoffId: 'handoff/default/c-1', eventId: 'e-1', seq: 1, type: 'handoff.closed', at: '2026-03-02T09:30:00.000Z', ...patch };
}

describe("the demo bot's lines", () => {
  it('takes the conversation back when the agent closes, and keeps the closing reason', () => {
    expect(handBackLine(view(), event({ reason: 'agent-closed', handBack: true }))).toBe(
      "You're back with the assistant. The agent closed the chat. I am back if you need anything else.",
    );
    expect(handBackLine(view(), event({ reason: 'agent-closed' }))).toBe('The agent closed the chat. I am back if you need anything else.');
    expect(handBackLine(view({ status: 'failed', reason: 'boom' }), event({ type: 'handoff.failed', reason: 'boom' }))).toMatch(/^The live chat broke off/);
  });

  it('asks for a rating only while the survey window is open and nobody rated', () => {
    expect(surveyOpen(view({ surveyUntil: '2026-03-02T10:05:00.000Z' }), NOW)).toBe(true);
    expect(surveyOpen(view({ surveyUntil: '2026-03-02T09:59:59.000Z' }), NOW)).toBe(false);
    expect(surveyOpen(view({ surveyUntil: '2026-03-02T10:05:00.000Z', survey: { rating: 4 } }), NOW)).toBe(false);
    expect(surveyOpen(view(), NOW)).toBe(false);
    expect(surveyOpen(undefined, NOW)).toBe(false);
  });

  it("says when agents are back in the user's time zone", () => {
    expect(localTime('2026-03-02T07:00:00.000Z', 'Europe/Paris')).toBe('Mon 2 Mar, 08:00 (Europe/Paris)');
    expect(fallbackLine({ action: 'wait-for-opening', reason: 'closed', nextOpenAt: '2026-03-02T07:00:00.000Z' }, 'America/New_York')).toBe(
      "The service desk is closed right now. Agents are back at Mon 2 Mar, 02:00 (America/New_York); you'll be connected then. Keep this page open.",
    );
  });

  it('gives every fallback a next step: the callback form, the ticket', () => {
    expect(fallbackLine({ action: 'callback', reason: 'no-agents-available' }, 'UTC')).toBe(
      'No agent is available right now. Leave your phone number and when suits you below, and the service desk will call you back.',
    );
    expect(fallbackLine({ action: 'ticket', reason: 'no-agent-accepted', ticket: { number: 'LOC0001234' } }, 'UTC')).toBe(
      "We've filed ticket LOC0001234 for you; the service desk will follow up.",
    );
  });

  it('says where a transfer goes, and the place and wait in the queue', () => {
    expect(transferLine('Second line')).toBe("You're being transferred to Second line. Please hold on.");
    expect(queueLine({ name: 'General', position: 2, estimatedWaitSeconds: 240 })).toBe(
      'You are number 2 in the queue "General". The wait is about 4 minutes.',
    );
    expect(queueLine({ name: 'General', estimatedWaitSeconds: 20 })).toBe('The wait is under a minute.');
  });

  it("explains a refusal in the user's words and time zone, not in the operator's explanation", () => {
    const decision = {
      offered: false,
      reason: 'closed' as const,
      explanation: 'the trigger rule is not met (it gave false): outside opening hours; they next open at 2026-12-07T07:00:00.000Z',
      rule: { source: 'availability.open' },
      availability: { open: false, nextOpenAt: '2026-12-07T07:00:00.000Z', source: 'hours' as const, checkedAt: '2026-03-02T10:00:00.000Z' },
    };
    expect(outcomeLine(view({ status: 'not_eligible', reason: 'rule', decision }), undefined, 'Europe/Berlin')).toBe(
      'A live agent is not offered now: the service desk is closed; agents are back at Mon 7 Dec, 08:00 (Europe/Berlin).',
    );
    const unmet = { ...decision, reason: 'rule-not-met' as const, explanation: 'the trigger rule is not met (it gave false)' };
    expect(outcomeLine(view({ status: 'not_eligible', reason: 'rule', decision: unmet }), undefined, 'UTC')).toBe(
      'A live agent is not offered now: not for this kind of request.',
    );
  });

  it("names the platform's chat page from its description, and the service desk's for a platform without a name", () => {
    const redirected = view({ status: 'redirected', redirectUrl: 'https://app.five9.com/chat', platform: 'five9' });
    expect(outcomeLine(redirected, 'Five9', 'UTC')).toMatch(/^The live chat is on Five9's chat page: open the link above/);
    expect(outcomeLine({ ...redirected, platform: 'local-desk' }, undefined, 'UTC')).toMatch(/^The live chat is on the service desk's chat page: /);
    expect(outcomeLine(view({ status: 'queued', mode: 'api', queue: { name: 'Sales', position: 2 } }), 'BeyondTrust', 'UTC')).toBe(
      'You are number 2 in the queue "Sales". Join the chat on BeyondTrust through the link above; an agent will answer you there.',
    );
  });

  it('says who ended the chat in words, never its reason code', () => {
    const ended = (status: HandoffView['status'], reason: string) => handBackLine(view({ status, reason }), event({ reason }));
    expect(ended('cancelled', 'operator')).toBe('The service desk ended the chat. I am back if you need anything else.');
    expect(ended('cancelled', 'user-left')).toBe('You left the live chat. I am back if you need anything else.');
    expect(ended('closed', 'max-duration')).toBe('The live chat was closed: it reached its time limit. I am back if you need anything else.');
    expect(ended('closed', 'the agent wrapped up')).toBe('The live chat has ended. I am back if you need anything else.');
    expect(handBackLine(view({ status: 'failed', reason: 'PlatformRejected' }), event({ type: 'handoff.failed', reason: 'PlatformRejected' }))).toBe(
      'The live chat broke off. I am back if you need anything else.',
    );
  });
});
