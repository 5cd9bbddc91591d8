import type { HandoffRequest } from '../contracts/handoff-request';
import type { OpenedSession, QueuePlacement } from '../connectors/connector';
import type { PlatformOutbound, PlatformSession, TicketHandle } from '../workflows/session-state';
import { connectorOf, profileOf, required, type ActivityDeps } from './deps';

export interface PlatformActivityInput {
  handoffId: string;
  profile: string;
  chainId: string;
  request: HandoffRequest;
  ticket?: TicketHandle;
}

export interface SessionActivityInput {
  handoffId: string;
  profile: string;
  session: PlatformSession;
}

export type PlatformDeliveryInput = SessionActivityInput & { items: PlatformOutbound[] };

export function createPlatformActivities(deps: ActivityDeps) {
  const resolve = (input: { profile: string }) => {
    const profile = profileOf(deps, input.profile);
    return { profile, connector: connectorOf(deps, profile) };
  };
  return {
    async buildRedirectUrl(input: PlatformActivityInput): Promise<string> {
      const { profile, connector } = resolve(input);
      return required(connector.buildRedirectUrl, profile.platform, 'build a redirect URL').call(connector, { ...input, profile });
    },

    async placeInQueue(input: PlatformActivityInput): Promise<QueuePlacement> {
      const { profile, connector } = resolve(input);
      return required(connector.placeInQueue, profile.platform, 'place a user in a queue').call(connector, { ...input, profile });
    },

    async openBrokeredSession(input: PlatformActivityInput): Promise<OpenedSession> {
      const { profile, connector } = resolve(input);
      return required(connector.openSession, profile.platform, 'open a brokered session').call(connector, { ...input, profile });
    },

    async deliverToPlatform(input: PlatformDeliveryInput): Promise<void> {
      const { profile, connector } = resolve(input);
      await required(connector.deliver, profile.platform, 'relay messages').call(connector, { ...input, profile }, input.items);
    },

    async closePlatformSession(input: SessionActivityInput & { reason: string }): Promise<void> {
      const { profile, connector } = resolve(input);
      await required(connector.closeSession, profile.platform, 'end a session').call(connector, { ...input, profile }, input.reason);
    },
  };
}
