/**
 * Finds the handoff an Amazon Connect contact belongs to without any state in the API: streamed
 * transcript items carry the ContactId but not the contact's attributes, so the webhook reads
 * the `handoffId` attribute that `StartChatContact` stored with `GetContactAttributes`, a
 * strongly consistent call to Connect (never a Temporal visibility query), and memoizes it.
 */
import { GetContactAttributesCommand } from '@aws-sdk/client-connect';
import type { AmazonConnectOptions } from './options';
import { HANDOFF_ID_ATTRIBUTE } from './chat';
import { awsStatusOf, type AmazonConnectClientPool } from './clients';
import { BoundedMap } from '../../lib/bounded-map';
import { HandoffLookupError } from '../webhook';

export class ContactHandoffLocator {
  private readonly handoffs = new BoundedMap<string, string>(10_000);

  constructor(private readonly pool: AmazonConnectClientPool) {}

  /** The handoff id stored on the contact, looked up on each instance the topic serves; undefined if none has it. */
  async handoffOf(initialContactId: string, instances: AmazonConnectOptions[]): Promise<string | undefined> {
    const known = this.handoffs.get(initialContactId);
    if (known) return known;
    for (const options of instances) {
      let attributes: Record<string, string> | undefined;
      try {
        const answer = await this.pool
          .for(options)
          .connect.send(new GetContactAttributesCommand({ InstanceId: options.instanceId, InitialContactId: initialContactId }));
        attributes = answer.Attributes;
      } catch (error) {
        // Not on this instance (or not a contact id at all): try the next one.
        if (awsStatusOf(error) === 404 || awsStatusOf(error) === 400) continue;
        throw new HandoffLookupError(`GetContactAttributes for contact ${initialContactId} failed: ${(error as Error).name}: ${(error as Error).message}`);
      }
      const handoffId = attributes?.[HANDOFF_ID_ATTRIBUTE];
      if (handoffId) {
        this.handoffs.set(initialContactId, handoffId);
        return handoffId;
      }
    }
    return undefined;
  }
}
