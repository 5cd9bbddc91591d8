/**
 * The order in which a run takes what reaches it, so that running a workflow task and replaying it
 * apply the same things in the same order. Every update and signal handler goes through here.
 *
 * 1. **Nothing before the start.** An operator's reset to a point before the start steps (the run's
 *    first workflow task) re-applies every message, leaving and agent event recorded after it at
 *    once, before the start steps have run again. They wait for the start instead of being refused
 *    (or, for agent events, dropped as belonging to no chat yet), then apply in their order.
 * 2. **Agent events before the user's actions of the same task.** A reset re-applies the signals and
 *    updates recorded after its point into one workflow task. Running that task, the SDK hands them
 *    to the workflow in history order; replaying it, it hands over the updates after the signals (it
 *    learns of a re-applied update from its acceptance), as it does for every task both ways. So that
 *    both agree, a user's message, file or leaving takes effect once the task's agent events are
 *    applied: at least one microtask later, as none runs before all of a task's signals and updates
 *    are handed over. (The transcript orders the two by `at` in any case.)
 * 3. **The user's actions one at a time.** One that waits (a message whose `messageId` the archive
 *    may hold) holds the ones after it, so `seq` follows the order the user's actions arrived in.
 */
export class Inbox {
  private userTail: Promise<unknown> = Promise.resolve();

  constructor(
    /** True while the start steps have not settled the handoff. */
    private readonly starting: () => boolean,
    /** Resolves once `ready` holds (the workflow's non-cancellable `condition`). */
    private readonly waitUntil: (ready: () => boolean) => Promise<void>,
  ) {}

  /** An agent's event: at once, or once the start has settled. */
  fromAgent(apply: () => void): void | Promise<void> {
    if (!this.starting()) return apply();
    return this.afterStart(apply);
  }

  /** A user's message, file or leaving: after the start, after the task's agent events, after the user's earlier actions. */
  fromUser<T>(apply: () => T | Promise<T>): Promise<T> {
    const taken = this.userTail.then(() => (this.starting() ? this.afterStart(apply) : apply()));
    this.userTail = taken.catch(() => undefined);
    return taken;
  }

  private async afterStart<T>(apply: () => T | Promise<T>): Promise<T> {
    await this.waitUntil(() => !this.starting());
    return apply();
  }
}
