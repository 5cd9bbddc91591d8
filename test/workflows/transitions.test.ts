import { describe, expect, it } from 'vitest';
import { HandoffStatusSchema, type HandoffStatus } from '../../contracts/status';
import { ENDINGS } from '../../workflows/endings';
import { IllegalTransitionError, TRANSITIONS } from '../../workflows/transitions';
import { at, beginSession, type FirstRun } from './session-fixture';

const input: FirstRun = {
  handoffId: 'handoff/default/c1',
  profile: { name: 'default', mode: 'broker', platform: 'local-desk', fileTicket: false, timeouts: { agentAccept: 1, inactivity: 1, maxDuration: 10 } },
  request: { conversationId: 'c1', profile: 'default', user: { id: 'u1' }, issue: { lastUtterance: 'help' }, transcript: [], resultsPresented: [] },
};

describe('the status diagram', () => {
  it('has a row for every status, and reaches every status from evaluating', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...HandoffStatusSchema.options].sort());
    const reached = new Set<HandoffStatus>(['evaluating']);
    for (const status of reached) for (const next of TRANSITIONS[status]) reached.add(next);
    expect([...reached].sort()).toEqual([...HandoffStatusSchema.options].sort());
  });

  it('ends in every status an ending names, and each such status is an end', () => {
    for (const ending of Object.values(ENDINGS)) expect(TRANSITIONS[ending.status], ending.status).toEqual([]);
  });

  it('refuses a move it does not have, naming both statuses', () => {
    const session = beginSession(input, 'chain-1', 0);
    session.markQueued({ key: 'chat-1', data: {} }, undefined, undefined, 1);
    expect(() => session.markQueued({ key: 'chat-2', data: {} }, undefined, undefined, 2)).toThrow(IllegalTransitionError);
    expect(() => session.markQueued({ key: 'chat-2', data: {} }, undefined, undefined, 2)).toThrow('a handoff cannot go from queued to queued');
  });

  it('records how a session ended and whether Handoff must close the platform side', () => {
    const cancelled = beginSession(input, 'chain-1', 0);
    cancelled.markQueued({ key: 'chat-1', data: {} }, undefined, undefined, 1);
    cancelled.cancel(2, at(2));
    expect(cancelled.state).toMatchObject({ status: 'cancelled', endCause: 'userLeft', reason: 'user-left' });
    expect(cancelled.endedByUs).toBe(true);

    const closedByAgent = beginSession(input, 'chain-1', 0);
    closedByAgent.markQueued({ key: 'chat-1', data: {} }, undefined, undefined, 1);
    closedByAgent.applyAgentEvent({ type: 'chat.closed', eventId: 'e1', sessionKey: 'chat-1', at: new Date(2).toISOString() }, 2);
    expect(closedByAgent.state).toMatchObject({ status: 'closed', endCause: 'agentClosed', reason: 'agent-closed' });
    expect(closedByAgent.endedByUs).toBe(false);
  });
});
