import { describe, expect, it } from 'vitest';
import { Inbox } from '../../workflows/inbox';

/** A run's inbox with a start that settles when the test says, as the workflow's `condition` would see it. */
function inboxOf({ starting = false } = {}) {
  let startDone = !starting;
  const waiters: Array<{ ready: () => boolean; resolve: () => void }> = [];
  const inbox = new Inbox(
    () => !startDone,
    (ready) => (ready() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ ready, resolve }))),
  );
  const settleStart = () => {
    startDone = true;
    for (const waiter of waiters.splice(0)) if (waiter.ready()) waiter.resolve();
  };
  return { inbox, settleStart };
}

/** Lets every queued microtask run, as the SDK does at the end of an activation. */
const activationEnds = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the run's inbox", () => {
  it("applies a task's agent events before its user actions, whichever order the SDK hands them over in", async () => {
    for (const handedOver of [
      ['update', 'signal'],
      ['signal', 'update'],
    ]) {
      const { inbox } = inboxOf();
      const applied: string[] = [];
      for (const kind of handedOver) {
        if (kind === 'update') void inbox.fromUser(() => applied.push('user message'));
        else void inbox.fromAgent(() => applied.push('agent event'));
      }
      await activationEnds();
      expect(applied, handedOver.join(' then ')).toEqual(['agent event', 'user message']);
    }
  });

  it("takes the user's actions one at a time, in the order they came, even when one of them waits", async () => {
    const { inbox } = inboxOf();
    const applied: string[] = [];
    let lookupDone!: () => void;
    const lookup = new Promise<void>((resolve) => (lookupDone = resolve));
    const first = inbox.fromUser(async () => {
      await lookup;
      applied.push('first');
      return 1;
    });
    const second = inbox.fromUser(() => (applied.push('second'), 2));
    await activationEnds();
    expect(applied).toEqual([]);
    lookupDone();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(applied).toEqual(['first', 'second']);
  });

  it('goes on after a refused action: the next one is taken', async () => {
    const { inbox } = inboxOf();
    const refused = inbox.fromUser(() => {
      throw new Error('the handoff is closed');
    });
    await expect(refused).rejects.toThrow('the handoff is closed');
    expect(await inbox.fromUser(() => 'taken')).toBe('taken');
  });

  it('holds what arrives before the start has settled (a reset re-applies it), then applies it in order', async () => {
    const { inbox, settleStart } = inboxOf({ starting: true });
    const applied: string[] = [];
    void inbox.fromUser(() => applied.push('message 1'));
    void inbox.fromAgent(() => applied.push('agent event'));
    void inbox.fromUser(() => applied.push('message 2'));
    await activationEnds();
    expect(applied).toEqual([]);
    settleStart();
    await activationEnds();
    expect(applied).toEqual(['agent event', 'message 1', 'message 2']);
  });
});
