import { condition } from '@temporalio/workflow';

/**
 * Sends a queue's items in order, a batch at a time, one batch in flight. The queue is the
 * session's own array, so whatever is still in it when a run continues-as-new goes along (a run
 * continues only after the batch in flight has finished).
 */
export class DeliveryLane<T> {
  private mode: 'running' | 'draining' | 'stopped' = 'running';

  constructor(
    private readonly queue: T[],
    private readonly batchSize: number,
    private readonly send: (batch: T[]) => Promise<void>,
  ) {}

  async run(): Promise<void> {
    for (;;) {
      await condition(() => this.queue.length > 0 || this.mode !== 'running');
      if (this.mode === 'stopped' || this.queue.length === 0) return;
      // Out of the queue while in flight, so what is still queued can be changed (coalesced) safely.
      const batch = this.queue.splice(0, this.batchSize);
      try {
        await this.send(batch);
      } catch (error) {
        this.queue.unshift(...batch);
        throw error;
      }
    }
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
