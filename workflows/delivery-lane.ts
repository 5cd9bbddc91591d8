/**
 * Sends a queue's items in order, a batch at a time, one batch in flight. The queue is the session's
 * own array, so whatever is still in it when a run continues-as-new goes along (a run continues only
 * after the batch in flight has finished). An idle lane holds no pending promise: the conversation
 * kicks it when it is `due` (an idle session then costs the worker one condition and one timer, not
 * one per lane: every pending promise keeps the stack trace the SDK records for it).
 */
export class DeliveryLane<T> {
  private sending?: Promise<void>;
  private stopped = false;

  /** `ready` holds back an item (and all after it) until it says yes; without it every item is ready. */
  constructor(
    private readonly queue: T[],
    private readonly batchSize: number,
    private readonly send: (batch: T[]) => Promise<void>,
    private readonly ready: (item: T) => boolean = () => true,
  ) {}

  /** Items are ready to go and nothing is in flight. */
  get due(): boolean {
    return this.sending === undefined && !this.stopped && this.readyCount() > 0;
  }

  /** A batch is in flight. */
  get busy(): boolean {
    return this.sending !== undefined;
  }

  /** Starts sending what is ready, if nothing is in flight; sends batch after batch until nothing is ready. */
  kick(): void {
    if (!this.due) return;
    this.sending = this.sendReady().finally(() => (this.sending = undefined));
  }

  /** Finish the batch in flight, then send nothing more; the rest stays queued. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.sending;
  }

  private async sendReady(): Promise<void> {
    for (let count = this.readyCount(); count > 0 && !this.stopped; count = this.readyCount()) {
      // Out of the queue while in flight, so what is still queued can be changed (coalesced) safely.
      const batch = this.queue.splice(0, count);
      try {
        await this.send(batch);
      } catch (error) {
        this.queue.unshift(...batch);
        throw error;
      }
    }
  }

  private readyCount(): number {
    let count = 0;
    while (count < this.batchSize && count < this.queue.length && this.ready(this.queue[count]!)) count++;
    return count;
  }
}

/** Something the conversation kicks when it is due: a delivery lane, the agent's file imports. */
export interface Kickable {
  readonly due: boolean;
  readonly busy: boolean;
  kick(): void;
}

/** Kicks `lanes` until none has anything ready and none is busy: everything queued is sent (or given up on). */
export async function drain(lanes: readonly Kickable[], waitUntil: (ready: () => boolean) => Promise<unknown>): Promise<void> {
  for (;;) {
    for (const lane of lanes) lane.kick();
    if (!lanes.some((lane) => lane.busy)) return;
    await waitUntil(() => lanes.some((lane) => lane.due) || !lanes.some((lane) => lane.busy));
  }
}
