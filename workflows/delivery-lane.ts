import { condition } from '@temporalio/workflow';

/**
 * Sends a queue's items in order, a batch at a time, one batch in flight. The queue is the
 * session's own array, so whatever is still in it when a run continues-as-new goes along (a run
 * continues only after the batch in flight has finished).
 */
export class DeliveryLane<T> {
  private mode: 'running' | 'draining' | 'stopped' = 'running';

  /** `ready` holds back an item (and all after it) until it says yes; without it every item is ready. */
  constructor(
    private readonly queue: T[],
    private readonly batchSize: number,
    private readonly send: (batch: T[]) => Promise<void>,
    private readonly ready: (item: T) => boolean = () => true,
  ) {}

  async run(): Promise<void> {
    for (;;) {
      await condition(() => this.readyCount() > 0 || this.mode === 'stopped' || (this.mode === 'draining' && this.queue.length === 0));
      const count = this.readyCount();
      if (this.mode === 'stopped' || count === 0) return;
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

  /** Finish the batch in flight, then stop; the rest stays queued. */
  stop(): void {
    this.mode = 'stopped';
  }

  /** Send everything queued, then stop. */
  drainAndStop(): void {
    if (this.mode === 'running') this.mode = 'draining';
  }
}
