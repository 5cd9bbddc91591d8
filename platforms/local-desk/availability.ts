/**
 * The local desk's availability probe: `GET /desk/api/integration/availability?queue=<profile's queue>`
 * answers the agents signed in and available, the chats waiting in that queue, and the wait the desk
 * expects there from its recent waits. It throws when the desk cannot tell (unreachable, refused,
 * aborted): Handoff then counts availability as unknown.
 */
import { z } from 'zod';
import type { AvailabilityProbe, PlatformAvailability } from '../connector';
import type { LocalDeskOptions } from './options';

const DeskAvailabilitySchema = z.object({
  agentsAvailable: z.number().int().nonnegative(),
  agentsSignedIn: z.number().int().nonnegative(),
  contactsInQueue: z.number().int().nonnegative(),
  estimatedWaitSeconds: z.number().nonnegative().optional(),
});

export function localDeskAvailability({ deskUrl, secret }: { deskUrl: string; secret: string }): AvailabilityProbe<LocalDeskOptions> {
  return {
    async probe({ options, signal }): Promise<PlatformAvailability> {
      const url = `${deskUrl}/api/integration/availability?${new URLSearchParams({ queue: options.queue })}`;
      const response = await fetch(url, { headers: { accept: 'application/json', 'x-desk-secret': secret }, signal });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`local desk: availability answered HTTP ${response.status}`);
      }
      const parsed = DeskAvailabilitySchema.safeParse(await response.json());
      if (!parsed.success) throw new Error('local desk: availability answered an unexpected shape');
      const { agentsAvailable, contactsInQueue, estimatedWaitSeconds } = parsed.data;
      return { agentsAvailable, contactsInQueue, ...(estimatedWaitSeconds !== undefined && { estimatedWaitSeconds }) };
    },
  };
}
