import { KickedTask } from './kicked-task';

/**
 * Sends a queue's items in order, a batch at a time, one batch in flight. The queue is the session's
 * own array, so whatever is still in it when a run continues-as-new goes along (a run continues only
 * after the batch in flight has finished).
 */
export class DeliveryLane<T> extends KickedTask {
  /** `ready` holds back an item (and all after it) until it says yes; without it every item is ready. */
  constructor(
    private readonly queue: T[],
    private readonly batchSize: number,
    private readonly send: (batch: T[]) => Promise<void>,
    private readonly ready: (item: T) => boolean = () => true,
  ) {
    super();
  }

  protected get hasWork(): boolean {
    return this.readyCount() > 0;
  }

  protected async work(): Promise<void> {
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
