import type { HandoffRequest } from '../contracts/handoff-request';
import type {
  PlatformDeliverable,
  PlatformOutbound,
  PlatformOutboundAttachment,
  PlatformOutboundMessage,
  PlatformOutboundNotice,
  PlatformSession,
} from '../contracts/platform-session';
import type { TicketHandle } from '../contracts/ticket';
import type { Summary } from '../contracts/summary';
import type { RouteChoice } from '../contracts/route-choice';
import type { AttachmentAccess, OpenedSession, QueuePlacement } from '../platforms/connector';
import { findPlatform } from '../platforms/index';
import { attachmentLinkText } from '../platforms/shared/attachment-link';
import { secondsSince } from '../observability/seconds-since';
import { connectorFor, profileOf, type ActivityDeps } from './deps';

export interface PlatformActivityInput {
  handoffId: string;
  profile: string;
  chainId: string;
  request: HandoffRequest;
  ticket?: TicketHandle;
  /** What the agent sees first, for a platform that has a place for it. */
  summary?: Summary;
  /** The route the decision took (a profile's `routes`). */
  route?: RouteChoice;
}

export interface SessionActivityInput {
  handoffId: string;
  profile: string;
  session: PlatformSession;
}

export type PlatformDeliveryInput = SessionActivityInput & { items: PlatformOutbound[] };

export function createPlatformActivities(deps: ActivityDeps) {
  /** The connector's context: the input with the profile's parsed options and timeouts in place of its name. */
  const contextOf = <Input extends { profile: string }>({ profile: name, ...input }: Input) => {
    const profile = profileOf(deps, name);
    return {
      profile,
      context: {
        ...input,
        profileName: name,
        options: profile.platformOptions,
        timeouts: profile.timeouts,
        attachments: deps.attachments,
      },
    };
  };
  return {
    async buildRedirectUrl(input: PlatformActivityInput): Promise<string> {
      const { profile, context } = contextOf(input);
      return connectorFor(deps, profile, 'url').buildRedirectUrl(context);
    },

    async placeInQueue(input: PlatformActivityInput): Promise<QueuePlacement> {
      const { profile, context } = contextOf(input);
      return connectorFor(deps, profile, 'api').placeInQueue({ ...context, redactionMarkers: profile.redactor.markers });
    },

    async openBrokeredSession(input: PlatformActivityInput): Promise<OpenedSession> {
      const { profile, context } = contextOf(input);
      return connectorFor(deps, profile, 'broker').openSession({ ...context, redactionMarkers: profile.redactor.markers });
    },

    async deliverToPlatform(input: PlatformDeliveryInput): Promise<void> {
      const { profile, context } = contextOf(input);
      const takesFiles = findPlatform(profile.platform)?.capabilities.attachments ?? false;
      const items = takesFiles ? input.items : input.items.map((item) => (item.kind === 'attachment' ? linkMessage(item, deps.attachments) : item));
      const connector = connectorFor(deps, profile, 'broker');
      let batch: PlatformDeliverable[] = [];
      for (const item of items) {
        if (item.kind !== 'notice') batch.push(item);
        else if (!connector.notify) batch.push(noticeMessage(item));
        else {
          if (batch.length > 0) await connector.deliver(context, batch);
          batch = [];
          await connector.notify(context, item);
        }
      }
      if (batch.length > 0) await connector.deliver(context, batch);
      const delivered = Date.now();
      for (const item of input.items) {
        if ((item.kind === 'message' || item.kind === 'attachment') && item.at !== undefined)
          deps.relayLatency?.relayed('toAgent', secondsSince(item.at, delivered));
      }
    },

    /** Ends the platform's side of a session we ended; in api mode a platform may have nothing to end. */
    async closePlatformSession(input: SessionActivityInput & { reason: string }): Promise<void> {
      const { profile, context } = contextOf(input);
      const connector = profile.mode === 'api' ? connectorFor(deps, profile, 'api') : connectorFor(deps, profile, 'broker');
      await connector.closeSession?.(context, input.reason);
    },
  };
}

/**
 * A file as a message, for a platform without a file API: its name, size and a link valid 7 days.
 * It keeps the file's `messageId`, so a platform that drops repeated messages drops a repeated one
 * too (the link differs at each attempt; the message is the same).
 */
export function linkMessage(item: PlatformOutboundAttachment, attachments: AttachmentAccess): PlatformOutboundMessage {
  const text = attachmentLinkText(attachments, item.attachment);
  return { seq: item.seq, kind: 'message', messageId: item.messageId, text, ...(item.at !== undefined && { at: item.at }) };
}

/** A notice for a platform without `notify`: a message marked as Handoff's, dropped as a repeat by its `noticeId`. */
export function noticeMessage(notice: PlatformOutboundNotice): PlatformOutboundMessage {
  return { seq: notice.seq, kind: 'message', messageId: notice.noticeId, text: `[Handoff] ${notice.text}` };
}
