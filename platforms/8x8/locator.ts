/**
 * Finds the handoff an 8x8 conversation belongs to without any state in the API: webhook events
 * carry only the conversationId, so the webhook reads the `handoffId` that the connector put in
 * the conversation's `user.additionalProperties` with `GET /conversations/{id}` (never a Temporal
 * visibility query), and memoizes it.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { EightByEightOptions } from './options';
import { eightByEightClient, HANDOFF_ID_PROPERTY } from './client';
import { BoundedMap } from '../../lib/bounded-map';
import { HandoffLookupError } from '../webhook';

export class ConversationHandoffLocator {
  private readonly handoffs = new BoundedMap<string, string>(10_000);

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async handoffOf(conversationId: string, tenants: EightByEightOptions[]): Promise<string | undefined> {
    const known = this.handoffs.get(conversationId);
    if (known) return known;
    for (const options of tenants) {
      let properties: Array<{ key: string; value: string }> | undefined;
      try {
        properties = (await eightByEightClient(options, this.env).conversation(conversationId)).user?.additionalProperties;
      } catch (error) {
        const status = error instanceof ApplicationFailure ? (error.details?.[0] as { status?: number } | undefined)?.status : undefined;
        if (status === 404) continue;
        throw new HandoffLookupError(`reading 8x8 conversation ${conversationId} failed: ${(error as Error).message}`);
      }
      const handoffId = properties?.find((property) => property.key === HANDOFF_ID_PROPERTY)?.value;
      if (handoffId) {
        this.handoffs.set(conversationId, handoffId);
        return handoffId;
      }
    }
    return undefined;
  }
}
