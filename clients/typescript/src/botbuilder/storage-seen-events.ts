import type { Storage } from 'botbuilder';
import { z } from 'zod';
import type { EventKey, SeenEventStore } from '../seen-events.js';

const SeenSchema = z.object({ eventIds: z.array(z.string()) });

/**
 * The `eventId`s taken, per handoff, in the bot's botbuilder `Storage`: a redelivery after the bot
 * restarted is still dropped. Each handoff keeps its newest `perHandoff` ids; Handoff delivers one
 * handoff's events one after the other, so its entry is never written twice at once.
 */
export class StorageSeenEvents implements SeenEventStore {
  /** @param perHandoff how many ids to keep per handoff. @default 1000 */
  constructor(
    private readonly storage: Storage,
    private readonly perHandoff = 1_000,
  ) {}

  async firstTime({ handoffId, eventId }: EventKey): Promise<boolean> {
    const ids = await this.idsOf(handoffId);
    if (ids.includes(eventId)) return false;
    await this.storage.write({ [keyOf(handoffId)]: { eventIds: [...ids, eventId].slice(-this.perHandoff) } });
    return true;
  }

  async forget({ handoffId, eventId }: EventKey): Promise<void> {
    const ids = await this.idsOf(handoffId);
    await this.storage.write({ [keyOf(handoffId)]: { eventIds: ids.filter((id) => id !== eventId) } });
  }

  private async idsOf(handoffId: string): Promise<string[]> {
    const key = keyOf(handoffId);
    return SeenSchema.safeParse((await this.storage.read([key]))[key]).data?.eventIds ?? [];
  }
}

function keyOf(handoffId: string): string {
  return `handoff/events/${handoffId}`;
}
