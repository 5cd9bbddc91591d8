/**
 * Work the conversation starts when it is due, which then runs on its own: a delivery lane, the
 * agent's file imports, the queue poller. An idle one holds no pending promise: the conversation
 * kicks it when it is `due` (an idle session then costs the worker one condition and one timer, not
 * one per task: every pending promise keeps the stack trace the SDK records for it).
 */
export interface Kickable {
  readonly due: boolean;
  readonly busy: boolean;
  kick(): void;
}

/** At most one run of `work` at a time; `stop` lets the run in flight finish and starts no other. */
export abstract class KickedTask implements Kickable {
  private running?: Promise<void>;
  protected stopped = false;

  /** There is something for `work` to do. */
  protected abstract get hasWork(): boolean;

  /** Does what there is, until there is nothing more or the task is stopped. */
  protected abstract work(): Promise<void>;

  get due(): boolean {
    return this.running === undefined && !this.stopped && this.hasWork;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  kick(): void {
    if (!this.due) return;
    this.running = this.work().finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}

/** Kicks `tasks` until none is due and none is busy: everything queued is done (or given up on). */
export async function drain(tasks: readonly Kickable[], waitUntil: (ready: () => boolean) => Promise<unknown>): Promise<void> {
  for (;;) {
    for (const task of tasks) task.kick();
    if (!tasks.some((task) => task.busy)) return;
    await waitUntil(() => tasks.some((task) => task.due) || !tasks.some((task) => task.busy));
  }
}
