import { describe, expect, it } from 'vitest';
import { signCallback } from '../../activities/callback-signature';
import { CallbackReceiver, MemorySeenEvents, verifyCallback } from '../../clients/typescript/src/index.js';

const SECRET = 'callback-secret';
const event = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    handoffId: 'handoff/default/c-1',
    eventId: 'ev-1',
    seq: 1,
    type: 'agent.message',
    at: '2026-12-07T08:00:00.000Z',
    text: 'Hello',
    ...overrides,
  });

describe('verifyCallback', () => {
  it("takes Handoff's own signature of the exact body, as text or bytes", () => {
    const body = event();
    expect(verifyCallback(SECRET, body, signCallback(SECRET, body))).toBe(true);
    expect(verifyCallback(SECRET, new TextEncoder().encode(body), signCallback(SECRET, body))).toBe(true);
  });

  it('refuses another body, another secret, a stale or future time, and a malformed header', () => {
    const body = event();
    const now = 1_800_000_000;
    expect(verifyCallback(SECRET, event({ text: 'Hellp' }), signCallback(SECRET, body))).toBe(false);
    expect(verifyCallback('other', body, signCallback(SECRET, body))).toBe(false);
    expect(verifyCallback(SECRET, body, signCallback(SECRET, body, now - 301), { nowSeconds: now })).toBe(false);
    expect(verifyCallback(SECRET, body, signCallback(SECRET, body, now + 301), { nowSeconds: now })).toBe(false);
    expect(verifyCallback(SECRET, body, signCallback(SECRET, body, now - 299), { nowSeconds: now })).toBe(true);
    for (const header of [undefined, '', 't=abc,v1=00', `t=${now},v1=zz`, `v1=${'0'.repeat(64)}`])
      expect(verifyCallback(SECRET, body, header, { nowSeconds: now })).toBe(false);
  });
});

describe('CallbackReceiver', () => {
  it('handles an event once, drops its redelivery by eventId (whatever its seq), and answers 200 to both', async () => {
    const receiver = new CallbackReceiver({ secret: SECRET });
    const handled: string[] = [];
    const handle = async (taken: { eventId: string }) => void handled.push(taken.eventId);
    const first = event();
    const again = event({ seq: 7 });
    expect(await receiver.receive(first, signCallback(SECRET, first), handle)).toMatchObject({ status: 200, outcome: 'handled' });
    expect(await receiver.receive(again, signCallback(SECRET, again), handle)).toMatchObject({ status: 200, outcome: 'duplicate' });
    expect(handled).toEqual(['ev-1']);
  });

  it('refuses a bad signature (401) and a body that breaks the contract (400, naming the paths), handling neither', async () => {
    const receiver = new CallbackReceiver({ secret: SECRET });
    const handle = async () => expect.unreachable('handled');
    expect(await receiver.receive(event(), 't=1,v1=00', handle)).toMatchObject({ status: 401, outcome: 'bad-signature' });
    const broken = event({ seq: 0, type: 'agent.sings' });
    const answer = await receiver.receive(broken, signCallback(SECRET, broken), handle);
    expect(answer).toMatchObject({ status: 400, outcome: 'invalid' });
    expect(answer.message).toMatch(/seq: .*; type: /);
    expect(await receiver.receive('{not json', signCallback(SECRET, '{not json'), handle)).toMatchObject({
      status: 400,
      message: 'the callback body is not JSON',
    });
  });

  it('answers 503 and forgets the event when handling fails, so the redelivery is handled', async () => {
    const receiver = new CallbackReceiver({ secret: SECRET });
    const body = event();
    let tries = 0;
    const handle = async () => {
      if (++tries === 1) throw new Error('the channel is down');
    };
    expect(await receiver.receive(body, signCallback(SECRET, body), handle)).toMatchObject({ status: 503, outcome: 'failed', message: 'the channel is down' });
    expect(await receiver.receive(body, signCallback(SECRET, body), handle)).toMatchObject({ status: 200, outcome: 'handled' });
    expect(tries).toBe(2);
  });
});

describe('MemorySeenEvents', () => {
  it('keeps ids per handoff and forgets the least recently seen past its capacity', async () => {
    const seen = new MemorySeenEvents(2);
    expect(await seen.firstTime({ handoffId: 'a', eventId: '1' })).toBe(true);
    expect(await seen.firstTime({ handoffId: 'b', eventId: '1' })).toBe(true);
    expect(await seen.firstTime({ handoffId: 'a', eventId: '1' })).toBe(false);
    expect(await seen.firstTime({ handoffId: 'a', eventId: '2' })).toBe(true);
    expect(await seen.firstTime({ handoffId: 'b', eventId: '1' })).toBe(true);
    expect(() => new MemorySeenEvents(0)).toThrow(new RangeError('capacity must be a whole number of at least 1, not 0'));
  });
});
