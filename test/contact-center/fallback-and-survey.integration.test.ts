import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffCsatKey } from '../../workflows/search-attributes';
import { eventually, HandoffStack } from '../support/stack';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MINUTE = 60_000;

/** Hours (UTC) that open at the first whole minute at least `leadMs` from now, and are closed until then. */
function hoursOpeningIn(leadMs: number): { opensAt: number; yaml: string } {
  const opensAt = Math.ceil((Date.now() + leadMs) / MINUTE) * MINUTE;
  const at = new Date(opensAt);
  const hhmm = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
  return { opensAt, yaml: `{ timezone: UTC, weekly: { ${DAYS[at.getUTCDay()]}: ['${hhmm}-24:00'] } }` };
}

/** Hours open only tomorrow (UTC) from 09:00: closed all of today. */
function tomorrowMorning(): { opensAt: string; yaml: string } {
  const tomorrow = new Date(Date.now() + 24 * 60 * MINUTE);
  const opensAt = Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 9);
  return { opensAt: new Date(opensAt).toISOString(), yaml: `{ timezone: UTC, weekly: { ${DAYS[tomorrow.getUTCDay()]}: ['09:00-10:00'] } }` };
}

const closed = tomorrowMorning();
const opening = hoursOpeningIn(40_000);

const CONFIG = `
profiles:
  closed-ticket:
    mode: broker
    platform: local-desk
    hours: ${closed.yaml}
    fallback: [wait-for-opening, ticket]
  closed-no-fallback:
    mode: broker
    platform: local-desk
    hours: ${closed.yaml}
  rule-reads-hours:
    mode: broker
    platform: local-desk
    triggerRule: 'availability.open OR user.department == "Sales"'
    hours: ${closed.yaml}
  waits:
    mode: broker
    platform: local-desk
    fileTicket: true
    hours: ${opening.yaml}
    fallback: [wait-for-opening, ticket]
  impatient:
    mode: broker
    platform: local-desk
    timeouts: { agentAccept: 2s }
    fallback: [callback, ticket]
  rated:
    mode: broker
    platform: local-desk
    fileTicket: true
    survey: { enabled: true, windowMinutes: 0.1 }
`;

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ config: CONFIG });
});
afterAll(async () => {
  await stack?.stop();
});

const notesOf = (store: HandoffStack['desk']['store'], number: string) =>
  store
    .ticket(number)!
    .workNotes.map((note) => note.text)
    .join('\n');
const viewOf = async (id: string) => (await stack.call('GET', stack.handoffPath(id))).body;
const start = async (profile: string, overrides: Record<string, unknown> = {}) => {
  const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile, ...overrides }));
  expect(answer.status).toBe(200);
  return answer.body;
};

describe('closed hours', () => {
  it('are not offered, with the next opening, in the eligibility answer', async () => {
    const answer = await stack.call('POST', '/v1/handoffs/eligibility', stack.request({ profile: 'closed-no-fallback' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      eligible: false,
      reason: expect.stringContaining('outside opening hours'),
      availability: { open: false, nextOpenAt: closed.opensAt, source: 'hours' },
      decision: { offered: false, reason: 'closed', rule: { source: 'true', value: true } },
    });
  });

  it('end not_eligible with the decision kept in the view when the profile has no fallback', async () => {
    const handoff = await start('closed-no-fallback');
    expect(handoff).toMatchObject({ status: 'not_eligible', decision: { offered: false, reason: 'closed', availability: { open: false } } });
    expect(handoff.fallback).toBeUndefined();
  });

  it('wait for a known opening when wait-for-opening comes first on the ladder', async () => {
    const handoff = await start('closed-ticket');
    expect(handoff).toMatchObject({ status: 'waiting', fallback: { action: 'wait-for-opening', reason: 'closed', nextOpenAt: closed.opensAt } });
    await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
  });

  it('show on the desk, for the profiles that queue there', async () => {
    const { body } = await stack.call('GET', '/desk/api/availability');
    expect(body.hours).toEqual(
      expect.arrayContaining([
        { profile: 'closed-ticket', queue: 'General', timezone: 'UTC', weekly: expect.any(Object), open: false, nextOpenAt: closed.opensAt },
      ]),
    );
    expect(body.hours.map((h: { profile: string }) => h.profile)).not.toContain('impatient');
  });

  it('let a rule that reads availability decide alone', async () => {
    const sales = await start('rule-reads-hours');
    expect(sales).toMatchObject({ status: 'queued', decision: { offered: true, reason: 'rule-met', availability: { open: false } } });
    const other = await start('rule-reads-hours', { user: { id: 'u-7', department: 'Legal' } });
    // Legal would have been offered inside the hours: closed is the reason.
    expect(other).toMatchObject({ status: 'not_eligible', decision: { offered: false, reason: 'closed', rule: { value: false } } });
    await stack.call('POST', stack.handoffPath(sales.id, '/cancel'));
  });
});

describe('agents on the desk', () => {
  it('are what the rule sees: with the only agent away nobody is offered (a callback instead); once back, they are', async () => {
    const desk = await HandoffStack.start({
      config: `
profiles:
  staffed:
    mode: broker
    platform: local-desk
    triggerRule: 'availability.open AND availability.agentsAvailable > 0'
    fallback: [wait-for-opening, callback]
`,
    });
    try {
      expect((await desk.call('PUT', '/desk/api/presence', { presence: 'away' })).status).toBe(204);
      const nobody = (await desk.call('POST', '/v1/handoffs', desk.request({ profile: 'staffed' }))).body;
      expect(nobody).toMatchObject({
        status: 'not_eligible',
        decision: {
          offered: false,
          reason: 'no-agents-available',
          rule: { value: false },
          availability: { open: true, agentsAvailable: 0, source: 'platform' },
        },
        fallback: { action: 'callback', reason: 'no-agents-available' },
      });
      expect((await desk.call('PUT', '/desk/api/presence', { presence: 'available' })).status).toBe(204);
      // The answer of the desk's probe serves 5 s.
      await eventually(async () => {
        const answer = await desk.call('POST', '/v1/handoffs/eligibility', desk.request({ profile: 'staffed' }));
        expect(answer.body).toMatchObject({ eligible: true, availability: { agentsAvailable: 1 } });
      }, 15_000);
    } finally {
      await desk.stop();
    }
  });
});

describe('fallback ticket', () => {
  it('is filed with the decision in its work notes when nothing else on the ladder applies', async () => {
    // wait-for-opening needs a known opening: a week of hours without any range never opens.
    const never = await HandoffStack.start({
      config: `
profiles:
  never:
    mode: broker
    platform: local-desk
    hours: { timezone: Europe/Berlin, weekly: {} }
    fallback: [wait-for-opening, ticket]
`,
    });
    try {
      const handoff = (await never.call('POST', '/v1/handoffs', never.request({ profile: 'never' }))).body;
      expect(handoff).toMatchObject({ status: 'not_eligible', fallback: { action: 'ticket', reason: 'closed', ticket: { number: expect.any(String) } } });
      const notes = notesOf(never.desk.store, handoff.fallback.ticket.number);
      expect(notes).toContain('Live agent not offered (closed)');
      expect(notes).toContain('Assigned for follow-up');
      await eventually(() =>
        expect(never.bot.eventsFor(handoff.id)).toEqual([
          expect.objectContaining({
            type: 'handoff.fallback',
            action: 'ticket',
            reason: 'closed',
            ticket: { number: handoff.fallback.ticket.number, url: expect.any(String) },
          }),
        ]),
      );
    } finally {
      await never.stop();
    }
  });
});

describe('wait-for-opening', () => {
  it('waits durably across a worker restart, then queues the user at the opening and tells the bot', async () => {
    const handoff = await start('waits');
    expect(handoff).toMatchObject({
      status: 'waiting',
      fallback: { action: 'wait-for-opening', reason: 'closed', nextOpenAt: new Date(opening.opensAt).toISOString() },
    });
    expect(handoff.ticket).toBeDefined();
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).map((e) => e.type)).toEqual(['handoff.fallback']));
    const early = await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'm-early', text: 'hello?' });
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'session_not_open', message: expect.stringContaining('waits for the opening') } } });

    await stack.stopWorker();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await stack.startWorker();

    const queued = await eventually(async () => {
      const view = await viewOf(handoff.id);
      expect(view.status).toBe('queued');
      return view;
    }, 90_000);
    expect(Date.parse(queued.updatedAt)).toBeGreaterThanOrEqual(opening.opensAt);
    expect(stack.chatFor(handoff.id)).toBeDefined();
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).map((e) => e.type)).toEqual(['handoff.fallback', 'queue.updated']));
    expect((await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'm-1', text: 'now?' })).status).toBe(202);
    await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
  }, 150_000);

  it('lets the user leave while waiting', async () => {
    const handoff = await start('closed-ticket');
    const left = await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
    expect(left.body).toMatchObject({ status: 'cancelled', reason: 'user-left' });
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).at(-1)).toMatchObject({ type: 'handoff.closed', handBack: true }));
  });
});

describe('agentAccept expiry', () => {
  it('falls back to a callback: the user leaves a number, which lands on a ticket; a second request is refused', async () => {
    const handoff = await start('impatient');
    const abandoned = await eventually(async () => {
      const view = await viewOf(handoff.id);
      expect(view).toMatchObject({ status: 'abandoned', fallback: { action: 'callback', reason: 'no-agent-accepted', callbackUntil: expect.any(String) } });
      return view;
    }, 20_000);
    await eventually(() =>
      expect(stack.bot.eventsFor(handoff.id).map((e) => [e.type, e.handBack ?? e.action])).toEqual([
        ['handoff.started', undefined],
        ['handoff.closed', true],
        ['handoff.fallback', 'callback'],
      ]),
    );
    const refused = await stack.call('POST', stack.handoffPath(handoff.id, '/callback'), { phone: 'call me maybe' });
    expect(refused.status).toBe(400);
    const taken = await stack.call('POST', stack.handoffPath(handoff.id, '/callback'), { phone: '+49 30 1234567', when: 'tomorrow after 9' });
    expect(taken).toMatchObject({ status: 202, body: { fallback: { callback: { when: 'tomorrow after 9' } } } });
    const ticketNumber = await eventually(async () => {
      const view = await viewOf(handoff.id);
      expect(view.ticket?.number).toBeDefined();
      return view.ticket.number as string;
    });
    await eventually(() => expect(notesOf(stack.desk.store, ticketNumber)).toContain('+49 30 1234567, tomorrow after 9'));
    const again = await stack.call('POST', stack.handoffPath(handoff.id, '/callback'), { phone: '+49 30 7654321' });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'callback_not_open' } } });
    expect(abandoned.reason).toBe('no agent accepted in time');
  });
});

describe('hand-back and survey', () => {
  const chatWithAgent = async () => {
    const handoff = await start('rated');
    const chatId = stack.chatFor(handoff.id)!.chatId;
    expect((await stack.call('POST', stack.handoffPath(handoff.id, '/survey'), { rating: 5 })).body).toMatchObject({ error: { code: 'survey_not_open' } });
    await stack.call('POST', `/desk/api/chats/${chatId}/accept`, {});
    await eventually(async () => expect((await viewOf(handoff.id)).status).toBe('connected'));
    await stack.call('POST', `/desk/api/chats/${chatId}/close`, {});
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).at(-1)).toMatchObject({ type: 'handoff.closed', handBack: true, reason: 'agent-closed' }));
    return handoff;
  };

  it('takes one rating in the window: on the view, the ticket and HandoffCsat', async () => {
    const handoff = await chatWithAgent();
    expect(await viewOf(handoff.id)).toMatchObject({ status: 'closed', surveyUntil: expect.any(String) });
    const rated = await stack.call('POST', stack.handoffPath(handoff.id, '/survey'), { rating: 4, comment: 'quick and kind' });
    expect(rated).toMatchObject({ status: 202, body: { survey: { rating: 4, comment: 'quick and kind' } } });
    expect(rated.body.surveyUntil).toBeUndefined();
    await eventually(() => expect(notesOf(stack.desk.store, handoff.ticket.number)).toContain('The user rated the chat 4/5: quick and kind'));
    await eventually(async () => {
      const description = await stack.client.workflow.getHandle(handoff.id).describe();
      expect(description.typedSearchAttributes.get(HandoffCsatKey)).toBe(4);
    });
    const twice = await stack.call('POST', stack.handoffPath(handoff.id, '/survey'), { rating: 1 });
    expect(twice).toMatchObject({ status: 409, body: { error: { code: 'survey_not_open' } } });
  });

  it('refuses a rating after the window', async () => {
    const handoff = await chatWithAgent();
    const { surveyUntil } = await viewOf(handoff.id);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(surveyUntil) - Date.now() + 500));
    const late = await stack.call('POST', stack.handoffPath(handoff.id, '/survey'), { rating: 3 });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'survey_not_open' } } });
    expect((await viewOf(handoff.id)).survey).toBeUndefined();
  });

  it('asks nothing after a chat no agent joined', async () => {
    const handoff = await start('rated');
    await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'));
    const answer = await stack.call('POST', stack.handoffPath(handoff.id, '/survey'), { rating: 5 });
    expect(answer).toMatchObject({ status: 409, body: { error: { code: 'survey_not_open' } } });
  });
});
