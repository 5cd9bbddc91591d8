/**
 * What a bot copies from activities/callback-signature.ts: the signature check, and dropping
 * redelivered events by `eventId` (the recipe in docs/bot-api.md, "Callbacks").
 */
import { describe, expect, it } from 'vitest';
import { SeenEvents, signCallback, verifyCallback } from '../../activities/callback-signature';
import type { BotEvent } from '../../contracts/bot-event';

const SECRET = 'callback-secret-for-tests';
const NOW = 1_800_000_000;

describe('verifyCallback', () => {
  const body = JSON.stringify({ handoffId: 'h', eventId: 'run-1/end', seq: 3, type: 'handoff.closed', at: '2026-11-30T08:00:00.000Z' });

  it('takes a body signed with the secret within the tolerance', () => {
    expect(verifyCallback(SECRET, body, signCallback(SECRET, body, NOW), 300, NOW + 299)).toBe(true);
  });

  it('refuses another body, another secret, an old or future signature, and a malformed header', () => {
    const header = signCallback(SECRET, body, NOW);
    expect(verifyCallback(SECRET, body.replace('"seq":3', '"seq":4'), header, 300, NOW)).toBe(false);
    expect(verifyCallback('another-secret', body, header, 300, NOW)).toBe(false);
    expect(verifyCallback(SECRET, body, header, 300, NOW + 301)).toBe(false);
    expect(verifyCallback(SECRET, body, header, 300, NOW - 301)).toBe(false);
    for (const bad of [undefined, '', `t=${NOW}`, `v1=${header.split('v1=')[1]}`, `t=soon,v1=${header.split('v1=')[1]}`, `t=${NOW},v1=abc`]) {
      expect(verifyCallback(SECRET, body, bad, 300, NOW), String(bad)).toBe(false);
    }
  });
});

describe('SeenEvents', () => {
  it('says first time once per eventId', () => {
    const seen = new SeenEvents();
    expect(seen.firstTime('run-1/agent/e-1')).toBe(true);
    expect(seen.firstTime('run-1/agent/e-2')).toBe(true);
    expect(seen.firstTime('run-1/agent/e-1')).toBe(false);
    expect(seen.firstTime('run-1/agent/e-2')).toBe(false);
    expect(seen.size).toBe(2);
  });

  it('keeps the newest `capacity` ids, forgetting the least recently seen first', () => {
    const seen = new SeenEvents(3);
    for (const id of ['a', 'b', 'c']) seen.firstTime(id);
    expect(seen.firstTime('a')).toBe(false); // seen again: now the most recent
    expect(seen.firstTime('d')).toBe(true); // evicts b, the least recently seen
    expect(seen.size).toBe(3);
    expect(seen.firstTime('a')).toBe(false);
    expect(seen.firstTime('c')).toBe(false);
    expect(seen.firstTime('b')).toBe(true);
  });

  it('takes an event again after forget, for a bot whose handling failed', () => {
    const seen = new SeenEvents();
    expect(seen.firstTime('run-1/end')).toBe(true);
    seen.forget('run-1/end');
    expect(seen.firstTime('run-1/end')).toBe(true);
    expect(seen.firstTime('run-1/end')).toBe(false);
  });

  it('refuses a capacity that keeps nothing', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => new SeenEvents(capacity), String(capacity)).toThrow(RangeError);
  });
});

describe("docs/bot-api.md's recipe for a bot's callback endpoint", () => {
  /** The recipe's handler, as a function: the answer's status, and the events the bot acted on. */
  function endpoint(seen: SeenEvents, shown: BotEvent[]) {
    return (body: string, header: string | undefined): number => {
      if (!verifyCallback(SECRET, body, header)) return 401;
      const event = JSON.parse(body) as BotEvent;
      if (seen.firstTime(event.eventId)) shown.push(event);
      return 200;
    };
  }
  const event = (eventId: string, seq: number, text: string): BotEvent => ({
    handoffId: 'handoff/default/c-1',
    eventId,
    seq,
    type: 'agent.message',
    at: '2026-11-30T08:00:00.000Z',
    text,
  });
  const deliver = (post: (body: string, header: string) => number, e: BotEvent) => {
    const body = JSON.stringify(e);
    return post(body, signCallback(SECRET, body));
  };

  it('acts on each event once, though a redelivery carries another seq, and answers it 200 so it is not sent again', () => {
    const shown: BotEvent[] = [];
    const post = endpoint(new SeenEvents(), shown);
    expect(deliver(post, event('run-1/agent/e-1', 4, 'Hello'))).toBe(200);
    expect(deliver(post, event('run-1/agent/e-2', 5, 'How can I help?'))).toBe(200);
    // After a retried workflow task or an operator's reset: the same events, renumbered.
    expect(deliver(post, event('run-1/agent/e-2', 4, 'How can I help?'))).toBe(200);
    expect(deliver(post, event('run-1/agent/e-1', 5, 'Hello'))).toBe(200);
    expect(shown.map((e) => e.text)).toEqual(['Hello', 'How can I help?']);
  });

  it('acts on two events that share a seq but not an eventId (seq orders, it does not identify)', () => {
    const shown: BotEvent[] = [];
    const post = endpoint(new SeenEvents(), shown);
    deliver(post, event('run-1/agent/e-1', 4, 'Hello'));
    deliver(post, event('run-1/agent/e-2', 4, 'Still there?'));
    expect(shown.map((e) => e.text)).toEqual(['Hello', 'Still there?']);
  });

  it('answers 401 to an unsigned or tampered delivery and acts on nothing', () => {
    const shown: BotEvent[] = [];
    const post = endpoint(new SeenEvents(), shown);
    const body = JSON.stringify(event('run-1/agent/e-1', 4, 'Hello'));
    expect(post(body, undefined)).toBe(401);
    expect(post(body.replace('Hello', 'Pay here'), signCallback(SECRET, body))).toBe(401);
    expect(shown).toEqual([]);
  });
});
