import { describe, expect, it } from 'vitest';
import { HandoffSession, type StatusChange } from '../../workflows/session';
import { at, beginSession, LOCAL_DESK_TRAITS, type FirstRun } from '../workflows/session-fixture';

const TIMEOUTS = { agentAccept: 60_000, inactivity: 120_000, maxDuration: 3_600_000 };

function input(): FirstRun {
  return {
    handoffId: 'handoff/default/c1',
    profile: { name: 'default', mode: 'broker', platform: 'local-desk', fileTicket: false, timeouts: TIMEOUTS },
    request: { conversationId: 'c1', profile: 'default', user: { id: 'u1' }, issue: { lastUtterance: 'help' }, transcript: [], resultsPresented: [] },
  };
}

/** What the metrics sink reads (workflows/metric-sinks.ts): every change, with the end's cause already set when it ends. */
function watched() {
  const session = beginSession(input(), 'chain-1', 1_000);
  const changes: Array<StatusChange & { endCause?: string }> = [];
  session.onStatusChange((change) => changes.push({ ...change, ...(session.state.endCause && { endCause: session.state.endCause }) }));
  return { session, changes };
}

describe('the session tells its status changes', () => {
  it('from queued to connected to closed, with the time and the cause of the end', () => {
    const { session, changes } = watched();
    session.markQueued({ key: 'chat-1', data: {} }, undefined, undefined, 2_000);
    session.applyAgentEvent({ type: 'agent.joined', eventId: 'e1', sessionKey: 'chat-1', at: new Date(9_000).toISOString() } as never, 9_000);
    session.applyAgentEvent({ type: 'chat.closed', eventId: 'e2', sessionKey: 'chat-1', at: new Date(20_000).toISOString() } as never, 20_000);
    expect(changes).toEqual([
      { from: 'evaluating', to: 'queued', now: 2_000 },
      { from: 'queued', to: 'connected', now: 9_000 },
      { from: 'connected', to: 'closed', now: 20_000, endCause: 'agentClosed' },
    ]);
  });

  it('once per end: a second end is no change', () => {
    const { session, changes } = watched();
    session.markQueued({ key: 'chat-1', data: {} }, undefined, undefined, 2_000);
    session.expireTimers(70_000);
    session.cancel(80_000, at(80_000));
    expect(changes.slice(1)).toEqual([{ from: 'queued', to: 'abandoned', now: 70_000, endCause: 'noAgentAccepted' }]);
  });

  it('keeps the listener out of the state a continued run is handed', () => {
    const { session } = watched();
    expect(JSON.stringify(session.state)).not.toContain('listener');
    expect(Object.keys(HandoffSession.resume(structuredClone(session.state), { ...input().profile, traits: LOCAL_DESK_TRAITS }).state)).toEqual(
      Object.keys(session.state),
    );
  });
});
