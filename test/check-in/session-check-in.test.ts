import { describe, expect, it } from 'vitest';
import { CHECK_IN_TEXT } from '../../workflows/session';
import { problemsOf } from '../support/config-problems';
import { parseConfig } from '../../config/load';
import { at, beginSession } from '../workflows/session-fixture';

const TIMEOUTS = { agentAccept: 60_000, inactivity: 600_000, maxDuration: 3_600_000, userIdleCheckIn: 120_000 };

function connectedSession(checksIn = true) {
  const session = beginSession(
    {
      handoffId: 'handoff/default/c1',
      profile: { name: 'default', mode: 'broker', platform: 'local-desk', fileTicket: false, timeouts: TIMEOUTS },
      request: {
        conversationId: 'c1',
        profile: 'default',
        user: { id: 'u1' },
        issue: { lastUtterance: 'help' },
        transcript: [],
        resultsPresented: [],
        callbackUrl: 'https://bot.example.com/e',
      },
    },
    'chain-1',
    1_000,
  );
  if (checksIn) session.enableCheckIns();
  session.markQueued({ key: 'chat-1', data: {} }, { name: 'General' }, undefined, 1_000);
  session.applyAgentEvent({ eventId: 'j', sessionKey: 'chat-1', at: at(2_000), type: 'agent.joined', agentName: 'Ann' }, 2_000);
  return session;
}

describe('checking in on a silent user', () => {
  it('is due the check-in time after the agent joined, tells the bot and the agent once, then inactivity closes', () => {
    const session = connectedSession();
    expect(session.nextDeadline()).toEqual({ kind: 'userIdleCheckIn', at: 122_000 });
    expect(session.expireTimers(122_500)).toBe('userIdleCheckIn');
    expect(session.status).toBe('connected');
    expect(session.state.toBot.at(-1)).toMatchObject({ type: 'handoff.check-in', eventId: 'chain-1/check-in/2000', text: CHECK_IN_TEXT, at: at(122_000) });
    expect(session.state.toPlatform.at(-1)).toEqual({
      seq: 0,
      kind: 'notice',
      noticeId: 'chain-1/check-in/2000',
      text: `The user has been silent for 2 min; Handoff asked them: "${CHECK_IN_TEXT}"`,
    });
    expect(session.transcriptAfter().at(-1)).toMatchObject({ from: 'system', text: `Checked in with the user after 2 min of silence: "${CHECK_IN_TEXT}"` });

    expect(session.nextDeadline()).toEqual({ kind: 'inactivity', at: 602_000 });
    expect(session.expireTimers(602_000)).toBe('inactivity');
    expect(session.view()).toMatchObject({ status: 'closed', reason: 'inactivity' });
    expect(session.state.toBot.filter((event) => event.type === 'handoff.check-in')).toHaveLength(1);
  });

  it('counts the silence from the user’s last message, and checks in again after a new silence', () => {
    const session = connectedSession();
    session.acceptUserMessage('m1', 'still here', 100_000, at(100_000));
    expect(session.nextDeadline()).toEqual({ kind: 'userIdleCheckIn', at: 220_000 });
    expect(session.expireTimers(122_000)).toBeUndefined();
    session.expireTimers(220_000);
    session.acceptUserMessage('m2', 'back', 300_000, at(300_000));
    session.expireTimers(420_000);
    expect(session.state.toBot.filter((event) => event.type === 'handoff.check-in').map((event) => event.eventId)).toEqual([
      'chain-1/check-in/100000',
      'chain-1/check-in/300000',
    ]);
  });

  it('never checks in on a run that does not (a run begun before the patch)', () => {
    const session = connectedSession(false);
    expect(session.nextDeadline()).toEqual({ kind: 'inactivity', at: 602_000 });
  });
});

describe('timeouts.userIdleCheckIn', () => {
  const profile = (mode: string, timeouts: string) => `profiles:\n  p:\n    mode: ${mode}\n    platform: local-desk\n    timeouts: ${timeouts}\n`;

  it('is taken in broker mode between 10 s and 480 minutes, shorter than inactivity', () => {
    expect(parseConfig(profile('broker', '{ userIdleCheckIn: 2m, inactivity: 15m }')).profiles.get('p')!.timeouts.userIdleCheckIn).toBe(120_000);
  });

  it('refuses it out of bounds, not before inactivity, or in a mode without a chat Handoff sees', () => {
    expect(problemsOf(profile('broker', '{ userIdleCheckIn: 5s }'))).toEqual(['profiles.p.timeouts.userIdleCheckIn: must be between 10s and 480m']);
    expect(problemsOf(profile('broker', '{ userIdleCheckIn: 481m, inactivity: 10h }'))).toEqual([
      'profiles.p.timeouts.userIdleCheckIn: must be between 10s and 480m',
    ]);
    expect(problemsOf(profile('broker', '{ userIdleCheckIn: 20m }'))).toEqual([
      'profiles.p.timeouts.userIdleCheckIn: must be shorter than inactivity (900s), which closes the chat',
    ]);
    expect(problemsOf(profile('api', '{ userIdleCheckIn: 2m }'))).toEqual([
      'profiles.p.timeouts.userIdleCheckIn: applies only in broker mode, not in api mode',
    ]);
  });
});
