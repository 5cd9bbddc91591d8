import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../contracts/agent-event';
import { HandoffSession } from '../../workflows/session';
import { at, beginSession, closingNoteOf, LOCAL_DESK_TRAITS, type FirstRun } from './session-fixture';

const TIMEOUTS = { agentAccept: 60_000, inactivity: 120_000, maxDuration: 3_600_000 };

function input(mode: 'broker' | 'api' = 'broker', withCallback = true): FirstRun {
  return {
    handoffId: 'handoff/default/c1',
    profile: { name: 'default', mode, platform: 'local-desk', fileTicket: false, timeouts: TIMEOUTS },
    request: {
      conversationId: 'c1',
      profile: 'default',
      user: { id: 'u1' },
      issue: { lastUtterance: 'help' },
      transcript: [],
      resultsPresented: [],
      ...(withCallback && { callbackUrl: 'https://bot.example.com/events' }),
    },
  };
}

function queuedSession(mode: 'broker' | 'api' = 'broker', now = 1_000) {
  const session = beginSession(input(mode), 'chain-1', now);
  session.markQueued({ key: 'chat-1', data: {} }, { name: 'General', position: 2 }, undefined, now);
  return session;
}

let eventCounter = 0;
function event(body: Omit<AgentEvent, 'eventId' | 'sessionKey' | 'at'> & Record<string, unknown>, overrides: Partial<AgentEvent> = {}): AgentEvent {
  return { eventId: `e${++eventCounter}`, sessionKey: 'chat-1', at: new Date(0).toISOString(), ...body, ...overrides } as AgentEvent;
}

describe('the handoff session state machine', () => {
  it('connects on the first agent message even without a join event, emitting joined before the message', () => {
    const session = queuedSession();
    session.applyAgentEvent(event({ type: 'agent.message', text: 'hi', agentName: 'Ann' }, { at: at(2_000) }), 2_000);
    expect(session.status).toBe('connected');
    expect(session.state.toBot.map((e) => e.type)).toEqual(['agent.joined', 'agent.message']);
    expect(session.view().agent).toEqual({ name: 'Ann' });
  });

  it('gives every event and message one strictly increasing seq', () => {
    const session = queuedSession();
    session.applyAgentEvent(event({ type: 'agent.joined', agentName: 'Ann' }, { at: at(2_000) }), 2_000);
    const a = session.acceptUserMessage('m1', 'one', 3_000, at(3_000));
    session.applyAgentEvent(event({ type: 'agent.typing', typing: true }, { at: at(3_500) }), 3_500);
    const b = session.acceptUserMessage('m2', 'two', 4_000, at(4_000));
    session.applyAgentEvent(event({ type: 'agent.message', text: 'three' }, { at: at(5_000) }), 5_000);
    const seqs = [...session.state.toBot.map((e) => e.seq), a, b].sort((x, y) => x - y);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(session.transcriptAfter(0).map((m) => m.seq)).toEqual([...session.transcriptAfter(0).map((m) => m.seq)].sort((x, y) => x - y));
    expect(session.transcriptAfter(a).map((m) => m.text)).toEqual(['two', 'three']);
  });

  it('counts a repeated messageId and a repeated platform event id once', () => {
    const session = queuedSession();
    const first = session.acceptUserMessage('m1', 'hello', 2_000, at(2_000));
    expect(session.acceptUserMessage('m1', 'hello', 2_500, at(2_500))).toBe(first);
    expect(session.state.toPlatform).toHaveLength(1);
    const joined = event({ type: 'agent.joined' });
    expect(session.applyAgentEvent(joined, 3_000)).toBe('applied');
    expect(session.applyAgentEvent(joined, 3_100)).toBe('duplicate');
    expect(session.state.toBot.filter((e) => e.type === 'agent.joined')).toHaveLength(1);
  });

  it('ignores events of another platform chat and events after the end', () => {
    const session = queuedSession();
    expect(session.applyAgentEvent(event({ type: 'chat.closed' }, { sessionKey: 'chat-of-an-earlier-run', at: at(2_000) }), 2_000)).toBe('foreign-session');
    expect(session.status).toBe('queued');
    session.applyAgentEvent(event({ type: 'chat.closed' }, { at: at(3_000) }), 3_000);
    expect(session.status).toBe('closed');
    expect(session.applyAgentEvent(event({ type: 'agent.message', text: 'late' }, { at: at(4_000) }), 4_000)).toBe('after-end');
    expect(session.state.transcript).toEqual([]);
  });

  it('refuses messages unless a brokered session is open, and says why', () => {
    expect(beginSession(input(), 'c', 0).messageRefusal()).toBe('the handoff is evaluating');
    expect(queuedSession('api').messageRefusal()).toBe('a api-mode handoff takes no messages through the bot');
    const session = queuedSession();
    expect(session.messageRefusal()).toBeUndefined();
    session.cancel(5_000, at(5_000));
    expect(session.messageRefusal()).toBe('the handoff is cancelled');
    expect(session.cancelRefusal()).toBe('the handoff is cancelled');
  });

  it('picks the earliest timer for the status and ends the session when it is due', () => {
    const session = queuedSession('broker', 0);
    expect(session.nextDeadline()).toEqual({ kind: 'agentAccept', at: 60_000 });
    expect(session.expireTimers(59_999)).toBeUndefined();
    session.applyAgentEvent(event({ type: 'agent.joined' }, { at: at(30_000) }), 30_000);
    expect(session.nextDeadline()).toEqual({ kind: 'inactivity', at: 150_000 });
    session.acceptUserMessage('m', 'still here', 100_000, at(100_000));
    expect(session.nextDeadline()).toEqual({ kind: 'inactivity', at: 220_000 });
    // The task that saw the timer fire ran late: the end still happened at the deadline.
    expect(session.expireTimers(220_500)).toBe('inactivity');
    expect(session.view()).toMatchObject({ status: 'closed', reason: 'inactivity' });
    expect(session.state.toBot.at(-1)).toMatchObject({ type: 'handoff.closed', reason: 'inactivity', at: at(220_000) });
  });

  it('abandons a broker session nobody accepted, and closes a silent api session with no-events', () => {
    const broker = queuedSession('broker', 0);
    broker.expireTimers(60_000);
    expect(broker.view()).toMatchObject({ status: 'abandoned', reason: 'no agent accepted in time' });
    const api = queuedSession('api', 0);
    api.applyAgentEvent(event({ type: 'agent.joined', agentName: 'Ann' }, { at: at(1_000) }), 1_000);
    expect(api.nextDeadline()).toEqual({ kind: 'maxDuration', at: 3_600_000 });
    const patient = input('api');
    const silent = beginSession(
      { ...patient, profile: { ...patient.profile, timeouts: { ...TIMEOUTS, agentAccept: 2 * TIMEOUTS.maxDuration } } },
      'chain-1',
      0,
    );
    silent.markQueued({ key: 'chat-1', data: {} }, { name: 'General' }, undefined, 0);
    expect(silent.nextDeadline()).toEqual({ kind: 'maxDuration', at: 3_600_000 });
    silent.expireTimers(3_600_000);
    expect(silent.view()).toMatchObject({ status: 'closed', reason: 'no-events' });
  });

  it('shows the queue position and wait only while the user waits', () => {
    const session = queuedSession();
    session.applyAgentEvent(event({ type: 'queue.updated', queue: { position: 1, estimatedWaitSeconds: 30 } }, { at: at(1_500) }), 1_500);
    expect(session.view().queue).toEqual({ name: 'General', position: 1, estimatedWaitSeconds: 30 });
    session.applyAgentEvent(event({ type: 'agent.joined', agentName: 'Ann' }, { at: at(2_000) }), 2_000);
    expect(session.view().queue).toEqual({ name: 'General' });
    session.applyAgentEvent(event({ type: 'chat.closed' }, { at: at(3_000) }), 3_000);
    expect(session.view().queue).toEqual({ name: 'General' });
    const abandoned = queuedSession();
    abandoned.expireTimers(61_000);
    expect(abandoned.view()).toMatchObject({ status: 'abandoned', queue: { name: 'General' } });
    expect(abandoned.view().queue).not.toHaveProperty('position');
  });

  it('abandons an api session nobody accepted in agentAccept, as in broker mode', () => {
    const api = queuedSession('api', 0);
    expect(api.nextDeadline()).toEqual({ kind: 'agentAccept', at: 60_000 });
    expect(api.expireTimers(60_000)).toBe('agentAccept');
    expect(api.view()).toMatchObject({ status: 'abandoned', reason: 'no agent accepted in time' });
    expect(api.endedByUs).toBe(true);
  });

  it('queues nothing for the bot when the handoff has no callback URL', () => {
    const session = beginSession(input('broker', false), 'chain', 0);
    session.markQueued({ key: 'chat-1', data: {} }, undefined, undefined, 0);
    session.applyAgentEvent(event({ type: 'agent.message', text: 'hi' }, { at: at(1) }), 1);
    expect(session.state.toBot).toEqual([]);
    expect(session.transcriptAfter().map((m) => m.text)).toEqual(['hi']);
  });

  it('remembers a bounded number of platform event ids, as fixed-size digests', () => {
    const session = queuedSession();
    for (let i = 0; i < 1_500; i++) session.applyAgentEvent(event({ type: 'agent.typing', typing: true }, { eventId: `platform-event-${i}`, at: at(i) }), i);
    expect(session.state.seenEventDigests).toHaveLength(1_000);
    expect(session.state.seenEventDigests.every((digest) => /^[0-9a-f]{16}$/.test(digest))).toBe(true);
    expect(session.applyAgentEvent(event({ type: 'agent.typing', typing: true }, { eventId: 'platform-event-1499', at: at(2) }), 2)).toBe('duplicate');
    expect(session.applyAgentEvent(event({ type: 'agent.typing', typing: true }, { eventId: 'platform-event-0', at: at(2) }), 2)).toBe('applied');
  });
});

describe("the user's typing", () => {
  it('queues typing for the platform in order with messages, coalescing consecutive typing into the latest state', () => {
    const session = queuedSession();
    expect(session.userTyping(true, 1_500)).toBe(true);
    expect(session.userTyping(false, 1_600)).toBe(true);
    const seq = session.acceptUserMessage('m1', 'hello', 2_000, at(2_000));
    session.userTyping(true, 2_100);
    session.userTyping(false, 2_200);
    session.userTyping(true, 2_300);
    expect(session.state.toPlatform).toEqual([
      { seq: 0, kind: 'typing', typing: false },
      { seq, kind: 'message', messageId: 'm1', text: 'hello', at: at(2_000) },
      { seq, kind: 'typing', typing: true },
    ]);
  });

  it('replaces a queued typing item with a new one, never editing the item a batch may hold', () => {
    const session = queuedSession();
    session.userTyping(true, 1_500);
    const queued = session.state.toPlatform[0];
    session.userTyping(false, 1_600);
    expect(queued).toEqual({ seq: 0, kind: 'typing', typing: true });
    expect(session.state.toPlatform).toEqual([{ seq: 0, kind: 'typing', typing: false }]);
  });

  it('is neither activity nor a change: the inactivity timer and updatedAt stay put', () => {
    const session = queuedSession('broker', 0);
    session.applyAgentEvent(event({ type: 'agent.joined' }, { at: at(30_000) }), 30_000);
    const before = { deadline: session.nextDeadline(), view: session.view() };
    session.userTyping(true, 100_000);
    expect(session.nextDeadline()).toEqual(before.deadline);
    expect(session.view()).toEqual(before.view);
  });

  it('ignores typing unless a brokered session is open', () => {
    const evaluating = beginSession(input(), 'c', 0);
    expect(evaluating.userTyping(true, 1)).toBe(false);
    const api = queuedSession('api');
    expect(api.userTyping(true, 2_000)).toBe(false);
    const closed = queuedSession();
    closed.applyAgentEvent(event({ type: 'chat.closed' }, { at: at(2_000) }), 2_000);
    expect(closed.userTyping(true, 3_000)).toBe(false);
    for (const session of [evaluating, api, closed]) expect(session.state.toPlatform).toEqual([]);
  });
});

describe('the closing note for the ticket', () => {
  it('says why a handoff failed, with the chat so far', () => {
    const session = queuedSession();
    session.applyAgentEvent(event({ type: 'agent.message', text: 'hello', agentName: 'Ann' }, { at: at(2_000) }), 2_000);
    session.fail('Glia: send message: HTTP 403 forbidden', 3_000);
    expect(closingNoteOf(session)).toBe(
      ['Live-agent handoff failed: Glia: send message: HTTP 403 forbidden', 'Transcript:', `[${new Date(2_000).toISOString()}] Ann: hello`].join('\n'),
    );
  });

  it('carries the transcript of a closed chat, and is absent when nothing was said', () => {
    const quiet = queuedSession();
    quiet.cancel(2_000, at(2_000));
    expect(quiet.closingNote()).toBeUndefined();
    const chatty = queuedSession();
    chatty.acceptUserMessage('m', 'my printer', 2_000, at(2_000));
    chatty.applyAgentEvent(event({ type: 'chat.closed' }, { at: at(3_000) }), 3_000);
    expect(closingNoteOf(chatty)).toBe(`Live-agent chat closed (agent-closed). Transcript:\n[${new Date(2_000).toISOString()}] user: my printer`);
  });

  it('says why even when the handoff failed before any chat opened', () => {
    const session = beginSession(input(), 'chain', 0);
    session.fail('BeyondTrust: HTTP 401', 1);
    expect(closingNoteOf(session)).toBe('Live-agent handoff failed: BeyondTrust: HTTP 401');
  });
});

describe('agent names in the transcript', () => {
  it('keeps who wrote each agent message, even after that agent left', () => {
    const session = queuedSession();
    session.applyAgentEvent(event({ type: 'agent.joined', agentName: 'Grace' }, { at: at(1_000) }), 1_000);
    session.applyAgentEvent(event({ type: 'agent.message', text: 'done' }, { at: at(2_000) }), 2_000);
    session.applyAgentEvent(event({ type: 'agent.left' }, { at: at(3_000) }), 3_000);
    session.applyAgentEvent(event({ type: 'chat.closed' }, { at: at(4_000) }), 4_000);
    expect(session.transcriptAfter()).toEqual([
      {
        id: expect.stringMatching(/^chain-1\/agent\//),
        seq: expect.any(Number),
        from: 'agent',
        text: 'done',
        at: new Date(2_000).toISOString(),
        name: 'Grace',
      },
    ]);
    expect(closingNoteOf(session)).toContain('Grace: done');
  });
});

describe('the identity of what a handoff says', () => {
  it('derives every bot event id from its cause and takes its time from the source, not the clock', () => {
    const session = queuedSession();
    session.applyAgentEvent(event({ type: 'agent.message', text: 'hi', agentName: 'Ann' }, { eventId: 'desk-1', at: at(1_500) }), 9_000);
    session.acceptUserMessage('m-1', 'hello', 9_500, at(1_700));
    session.cancel(9_900, at(1_900));
    expect(session.state.toBot.map(({ eventId, type, at: when }) => [eventId, type, when])).toEqual([
      ['chain-1/agent/desk-1/joined', 'agent.joined', at(1_500)],
      ['chain-1/agent/desk-1', 'agent.message', at(1_500)],
      ['chain-1/end', 'handoff.closed', at(1_900)],
    ]);
    expect(session.transcriptAfter().map(({ id, at: when }) => [id, when])).toEqual([
      ['chain-1/agent/desk-1', at(1_500)],
      ['user:m-1', at(1_700)],
    ]);
  });

  it('re-creates the same events and entries when the same causes are applied again in another order (a reset)', () => {
    const apply = (order: Array<'a1' | 'a2' | 'u1' | 'u2'>) => {
      const session = queuedSession();
      for (const step of order) {
        if (step === 'a1') session.applyAgentEvent(event({ type: 'agent.message', text: 'A1' }, { eventId: 'a1', at: at(2_000) }), 9_000);
        if (step === 'a2') session.applyAgentEvent(event({ type: 'agent.message', text: 'A2' }, { eventId: 'a2', at: at(4_000) }), 9_000);
        if (step === 'u1') session.acceptUserMessage('u1', 'U1', 9_000, at(3_000));
        if (step === 'u2') session.acceptUserMessage('u2', 'U2', 9_000, at(5_000));
      }
      return session;
    };
    const original = apply(['a1', 'u1', 'a2', 'u2']);
    const afterReset = apply(['a1', 'a2', 'u1', 'u2']);
    const shape = (session: HandoffSession) => session.transcriptAfter().map(({ id, text, at: when }) => ({ id, text, at: when }));
    expect(shape(afterReset)).toEqual(shape(original));
    expect(shape(original).map((entry) => entry.text)).toEqual(['A1', 'U1', 'A2', 'U2']);
    expect(new Set(afterReset.state.toBot.map((e) => e.eventId))).toEqual(new Set(original.state.toBot.map((e) => e.eventId)));
  });

  it('takes a messageId once for the whole handoff, not within a window', () => {
    const session = queuedSession();
    const first = session.acceptUserMessage('early', 'the first', 2_000, at(2_000));
    for (let i = 0; i < 5_000; i++) session.acceptUserMessage(`m-${i}`, `text ${i}`, 3_000 + i, at(3_000 + i));
    expect(session.acceptUserMessage('early', 'the first', 9_000_000, at(9_000_000))).toBe(first);
    expect(session.transcriptAfter().filter((entry) => entry.id === 'user:early')).toHaveLength(1);
  });
});

describe("the run's share of the transcript", () => {
  it('hands archived messages out of the state, keeps what came meanwhile, and still knows their ids through the filters', () => {
    const session = queuedSession();
    session.acceptUserMessage('m1', 'one', 2_000, at(2_000));
    session.applyAgentEvent(event({ type: 'agent.message', text: 'two', agentName: 'Ann' }, { at: at(2_500) }), 2_500);
    const archived = session.transcriptAfter();
    // Taken while the segment was being written, with an earlier `at` than the last archived entry.
    session.acceptUserMessage('m2', 'meanwhile', 2_600, at(2_400));
    const charsBefore = session.transcriptChars;
    session.archived(archived);
    expect(session.transcriptAfter().map((entry) => entry.text)).toEqual(['meanwhile']);
    expect(session.state.archive.segments).toBe(1);
    expect(session.transcriptChars).toBeLessThan(charsBefore);
    // This run no longer holds m1: the filters send the workflow to the archive for it, and only for it.
    expect(session.userMessageSeq('m1')).toBeUndefined();
    expect(session.archivedSlotsFor('m1')).toEqual([0]);
    expect(session.archivedSlotsFor('never-sent')).toEqual([]);
    expect(session.userMessageSeq('m2')).toBeDefined();
    const resumed = HandoffSession.resume(structuredClone(session.state), { ...input().profile, traits: LOCAL_DESK_TRAITS });
    expect(resumed.archivedSlotsFor('m1')).toEqual([0]);
    expect(resumed.userMessageSeq('m2')).toBe(session.userMessageSeq('m2'));
  });

  it('says in the closing note that the chat had messages even when all of them are archived', () => {
    const session = queuedSession();
    session.acceptUserMessage('m1', 'one', 2_000, at(2_000));
    session.archived(session.transcriptAfter());
    session.applyAgentEvent(event({ type: 'chat.closed' }, { at: at(3_000) }), 3_000);
    expect(session.closingNote()).toBe('Live-agent chat closed (agent-closed). Transcript:');
  });
});
