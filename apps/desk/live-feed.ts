/**
 * What changed on the desk, pushed to its pages as server-sent events. An event only names what
 * changed; the page fetches the new state from the JSON API, so a missed event costs nothing
 * the next one does not repair.
 */
import type { Request, Response } from 'express';
import { openEventStream } from '../web/event-stream';

export type DeskChange =
  | { type: 'chat'; chatId: string }
  | { type: 'typing'; chatId: string; typing: boolean }
  /** The user's typing, relayed from the bot in broker mode: for the agent's page only. */
  | { type: 'user-typing'; chatId: string; typing: boolean }
  | { type: 'ticket'; number: string }
  /** An agent signed in or out, or changed their presence: the desk's availability numbers moved. */
  | { type: 'agents' }
  /** The callback list changed. */
  | { type: 'callbacks' };

type Listener = (change: DeskChange) => void;

export class LiveFeed {
  private readonly listeners = new Set<Listener>();

  /** Never throws: the store publishes inside its transactions, which a page must not roll back. */
  publish(change: DeskChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        this.listeners.delete(listener);
      }
    }
  }

  /** Calls `listener` with every change until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Streams changes to one page until it goes away. `select` picks what this page may see and
   * may reshape it; undefined drops the change.
   */
  stream(req: Request, res: Response, select: (change: DeskChange) => object | undefined = (change) => change): void {
    const listener: Listener = (change) => {
      const visible = select(change);
      if (visible) stream.send(visible);
    };
    const stream = openEventStream(req, res, () => this.listeners.delete(listener));
    this.listeners.add(listener);
    // Tells the page it is live, so it fetches whatever it may have missed while it was not.
    stream.send({ type: 'ready' });
  }
}
