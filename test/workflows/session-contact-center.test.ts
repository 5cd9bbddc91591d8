import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../contracts/agent-event';
import type { Decision } from '../../contracts/availability';
import { chooseFallback, fallbackReasonOf } from '../../workflows/fallback';
import { type HandoffSession } from '../../workflows/session';
import { at, beginSession, type FirstRun } from './session-fixture';

const TIMEOUTS = { agentAccept: 60_000, inactivity: 120_000, maxDuration: 3_600_000 };
const INPUT: FirstRun = {
  handoffId: 'handoff/default/c1',
  profile: { name: 'default', mode: 'broker', platform: 'local-desk', fileTicket: false, timeouts: TIMEOUTS },
  request: {
    conversationId: 'c1',
    profile: 'default',
    user: { id: 'u1' },
    issue: { lastUtterance: 'help' },
    transcript: [],
    resultsPresented: [],
    callbackUrl: 'https://bot.example.com/events',
  },
};

function queued(surveyWindowMs?: number): HandoffSession {
  const session = beginSession({ ...INPUT, profile: { ...INPUT.profile, ...(surveyWindowMs !== undefined && { surveyWindowMs }) } }, 'chain-1', 1_000);
  session.markQueued({ key: 'chat-1', data: {} }, { name: 'General', position: 3 }, undefined, 1_000);
  return session;
}

const event = (body: Record<string, unknown>, id: string): AgentEvent =>
  ({ eventId: id, sessionKey: 'chat-1', at: new Date(2_000).toISOString(), ...body }) as AgentEvent;

function decision(availability: Partial<Decision['availability']>, offered = false, reason: Decision['reason'] = 'rule-not-met'): Decision {
  return {
    offered,
    reason,
    explanation: '',
    rule: { source: 'true' },
    availability: { open: true, source: 'hours', checkedAt: '2026-01-01T00:00:00.000Z', ...availability },
  };
}

describe('the fallback ladder', () => {
  it('applies to closed hours and to nobody there, never to a rule not met otherwise or one that failed', () => {
    expect(fallbackReasonOf(decision({ open: false }, false, 'closed'))).toBe('closed');
    expect(fallbackReasonOf(decision({ agentsAvailable: 0 }, false, 'no-agents-available'))).toBe('no-agents-available');
    expect(fallbackReasonOf(decision({ agentsAvailable: 3 }))).toBeUndefined();
    // The wrong department outside the hours: the rule (which does not read availability) decided.
    expect(fallbackReasonOf(decision({ open: false, agentsAvailable: 0 }))).toBeUndefined();
    expect(fallbackReasonOf(decision({ open: false }, false, 'rule-error'))).toBeUndefined();
    expect(fallbackReasonOf(decision({ open: true }, true, 'rule-met'))).toBeUndefined();
  });

  it('takes the first rung that applies: waiting needs closed hours with a known opening, in broker mode', () => {
    const ladder = ['wait-for-opening', 'callback', 'ticket'] as const;
    expect(chooseFallback(ladder, 'closed', 'broker', '2026-12-01T08:00:00.000Z')).toBe('wait-for-opening');
    expect(chooseFallback(ladder, 'closed', 'broker', undefined)).toBe('callback');
    expect(chooseFallback(ladder, 'no-agents-available', 'broker', '2026-12-01T08:00:00.000Z')).toBe('callback');
    expect(chooseFallback(['wait-for-opening'], 'no-agent-accepted', 'broker', undefined)).toBeUndefined();
  });
});

describe('waiting for the opening', () => {
  it('refuses messages while waiting, lets the user leave, and tells the bot once the chat opens', () => {
    const session = beginSession(INPUT, 'chain-1', 1_000);
    session.takeFallback('wait-for-opening', 'closed', 1_000, { nextOpenAt: 60_000 });
    session.markWaiting(60_000, 1_000);
    expect(session.view()).toMatchObject({ status: 'waiting', fallback: { action: 'wait-for-opening', nextOpenAt: new Date(60_000).toISOString() } });
    expect(session.messageRefusal()).toContain('waits for the opening');
    expect(session.cancelRefusal()).toBeUndefined();
    session.openedAfterWaiting({ key: 'chat-1', data: {} }, { name: 'General', position: 1 }, 60_000);
    expect(session.state.toBot.map((e) => [e.type, e.eventId])).toEqual([
      ['handoff.fallback', 'chain-1/fallback/closed'],
      ['queue.updated', 'chain-1/opened'],
    ]);
    // maxDuration counts from the opening, not from the start.
    expect(session.nextDeadline()).toEqual({ kind: 'agentAccept', at: 60_000 + TIMEOUTS.agentAccept });
    const patient = beginSession(
      { ...INPUT, profile: { ...INPUT.profile, timeouts: { ...TIMEOUTS, agentAccept: 10 * TIMEOUTS.maxDuration } } },
      'chain-1',
      1_000,
    );
    patient.takeFallback('wait-for-opening', 'closed', 1_000, { nextOpenAt: 60_000 });
    patient.markWaiting(60_000, 1_000);
    patient.openedAfterWaiting({ key: 'chat-1', data: {} }, { name: 'General', position: 1 }, 60_000);
    expect(patient.nextDeadline()).toEqual({ kind: 'maxDuration', at: 60_000 + TIMEOUTS.maxDuration });
  });
});

describe('transfers and queue positions', () => {
  it('keeps the session on a transfer and tells the bot; a failed transfer only notes it', () => {
    const session = queued();
    session.applyAgentEvent(event({ type: 'agent.joined', agentName: 'Ann' }, 'j'), 2_000);
    session.applyAgentEvent(event({ type: 'agent.transferred', to: 'Billing' }, 't1'), 3_000);
    session.applyAgentEvent(event({ type: 'agent.transferred', to: 'Nowhere', failed: true }, 't2'), 4_000);
    expect(session.status).toBe('connected');
    expect(session.state.toBot.map((e) => [e.type, e.to])).toEqual([
      ['agent.joined', undefined],
      ['agent.transferred', 'Billing'],
    ]);
    expect(session.state.transcript.map((m) => m.text)).toEqual(['Transferred to Billing', 'A transfer to Nowhere failed']);
  });

  it('puts the user back in the queue on a transfer to a queue: no agent, and agentAccept guards the wait again', () => {
    const session = queued();
    session.applyAgentEvent(event({ type: 'agent.joined', agentName: 'Ann' }, 'j'), 2_000);
    session.applyAgentEvent(event({ type: 'agent.transferred', to: 'Billing', agentName: 'Ann', queued: true }, 't'), 3_000);
    expect(session.view()).toMatchObject({ status: 'queued', queue: { name: 'Billing' } });
    expect(session.view().agent).toBeUndefined();
    expect(session.nextDeadline()).toEqual({ kind: 'agentAccept', at: 3_000 + TIMEOUTS.agentAccept });
    session.applyAgentEvent(event({ type: 'agent.joined', agentName: 'Bo' }, 'j2'), 4_000);
    expect(session.view()).toMatchObject({ status: 'connected', agent: { name: 'Bo' } });
  });

  it('tells the bot a polled position only when it changed, and only while queued', () => {
    const session = queued();
    session.applyQueueStatus({ position: 3 }, 2_000);
    session.applyQueueStatus({ position: 2, estimatedWaitSeconds: 40 }, 3_000);
    expect(session.state.toBot.map((e) => [e.eventId, e.queue])).toEqual([['chain-1/queue/2', { position: 2, estimatedWaitSeconds: 40 }]]);
    expect(session.view().queue).toEqual({ name: 'General', position: 2, estimatedWaitSeconds: 40 });
  });
});

describe('hand-back and survey', () => {
  it('hands back on every close and opens the survey only after a chat an agent joined', () => {
    const rated = queued(60_000);
    rated.applyAgentEvent(event({ type: 'agent.joined', agentName: 'Ann' }, 'j'), 2_000);
    rated.applyAgentEvent(event({ type: 'chat.closed' }, 'c'), 5_000);
    expect(rated.state.toBot.at(-1)).toMatchObject({ type: 'handoff.closed', handBack: true });
    expect(rated.surveyRefusal(6_000)).toBeUndefined();
    expect(rated.surveyRefusal(65_001)).toBe('the survey window has closed');
    rated.takeSurvey({ rating: 5 }, 6_000);
    expect(rated.surveyRefusal(6_001)).toBe('the chat has been rated already');
    expect(rated.view()).toMatchObject({ survey: { rating: 5 } });
    expect(rated.view().surveyUntil).toBeUndefined();

    const unanswered = queued(60_000);
    unanswered.cancel(3_000, at(3_000));
    expect(unanswered.state.toBot.at(-1)).toMatchObject({ type: 'handoff.closed', handBack: true, reason: 'user-left' });
    expect(unanswered.surveyRefusal(3_001)).toBe('this handoff has no survey');
  });

  it('takes one callback request within its window', () => {
    const session = queued();
    session.expireTimers(1_000 + TIMEOUTS.agentAccept);
    expect(session.callbackRefusal(70_000)).toBe('this handoff offers no callback');
    session.takeFallback('callback', 'no-agent-accepted', 70_000, { callbackWindowMs: 1_000 });
    expect(session.callbackRefusal(70_500)).toBeUndefined();
    expect(session.callbackRefusal(71_001)).toBe('the time to request a callback has passed');
    session.takeCallback({ phone: '+1 555 0100', when: 'noon' }, 70_600);
    expect(session.callbackRefusal(70_700)).toBe('a callback has been requested already');
    expect(session.awaitingAfterEnd()).toBeUndefined();
    expect(session.view().fallback).toMatchObject({ action: 'callback', callback: { when: 'noon' } });
  });
});
