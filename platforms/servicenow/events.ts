/**
 * What ServiceNow's Virtual Agent sends to its configured response endpoint, and the
 * `AgentEvent`s it means. One callback may carry several body items; each maps to one event.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AgentEvent } from '../../contracts/agent-event';
import { AGENT_MESSAGE_MAX_CHARS } from '../../contracts/message-limits';
import { cutToCharacters } from '../../lib/fit-utterance';
import { HANDOFF_CLIENT_VARIABLE } from './bot-integration';

const BodyItemSchema = z.looseObject({
  uiType: z.string().min(1).max(100),
  actionType: z.string().max(100).optional(),
  value: z.unknown().optional(),
  label: z.string().optional(),
  header: z.string().max(1_000).optional(),
  altText: z.string().max(1_000).optional(),
  itemType: z.string().max(100).optional(),
  messageId: z.string().min(1).max(200).optional(),
  waitTime: z.union([z.string().max(100), z.number()]).optional(),
  agentInfo: z
    .looseObject({
      sentFromAgent: z.boolean().optional(),
      agentName: z.string().max(200).optional(),
      agentId: z.string().max(200).optional(),
    })
    .optional(),
});

export const ServiceNowCallbackSchema = z.looseObject({
  requestId: z.string().max(200).optional(),
  clientSessionId: z.string().min(1).max(200),
  userId: z.string().max(200).optional(),
  body: z.array(BodyItemSchema).max(100).default([]),
  agentChat: z.boolean().optional(),
  completed: z.boolean().optional(),
  takeControl: z.boolean().optional(),
  clientVariables: z.looseObject({ [HANDOFF_CLIENT_VARIABLE]: z.string().min(1).max(300) }),
});
export type ServiceNowCallback = z.infer<typeof ServiceNowCallbackSchema>;
type BodyItem = z.infer<typeof BodyItemSchema>;

/**
 * The events of one callback, in order (an agent's file, as `OutputImage` or a `File`/`Image`
 * item, is `agent.attachment` with its URL). Event ids: an agent message's own `messageId`; an agent
 * joining once per agent (so a transfer to another agent is a new join, a second message is not);
 * the end and the hand-back once per session; anything else by a digest of what it is, because
 * ServiceNow's `requestId` echoes our last request and is no event id.
 */
export function serviceNowAgentEvents(callback: ServiceNowCallback, at: string): AgentEvent[] {
  const sessionKey = callback.clientSessionId;
  const common = (eventId: string) => ({ eventId: eventId.slice(0, 200), sessionKey, at });
  const digest = (item: BodyItem, index: number) =>
    createHash('sha256')
      .update(JSON.stringify([sessionKey, callback.requestId ?? '', index, item]))
      .digest('hex')
      .slice(0, 40);
  const events: AgentEvent[] = [];
  callback.body.forEach((item, index) => {
    if (item.uiType === 'OutputText' && callback.agentChat && item.agentInfo?.sentFromAgent) {
      const text = typeof item.value === 'string' && item.value !== '' ? item.value : item.label;
      if (!text) return;
      const { agentName, agentId } = item.agentInfo;
      events.push({ ...common(`agent-joined:${agentId ?? agentName ?? 'agent'}`), type: 'agent.joined', ...(agentName && { agentName }) });
      events.push({
        ...common(`message:${item.messageId ?? digest(item, index)}`),
        type: 'agent.message',
        text: text.slice(0, AGENT_MESSAGE_MAX_CHARS),
        ...(agentName && { agentName }),
      });
    } else if (callback.agentChat && item.agentInfo?.sentFromAgent && agentFileUrl(item)) {
      const { agentName, agentId } = item.agentInfo;
      const url = agentFileUrl(item)!;
      events.push({ ...common(`agent-joined:${agentId ?? agentName ?? 'agent'}`), type: 'agent.joined', ...(agentName && { agentName }) });
      events.push({
        ...common(`attachment:${item.messageId ?? digest(item, index)}`),
        type: 'agent.attachment',
        source: { name: agentFileName(item, url), url },
        ...(agentName && { agentName }),
      });
    } else if (item.uiType === 'ActionMsg' && (item.actionType === 'StartTypingIndicator' || item.actionType === 'EndTypingIndicator')) {
      events.push({ ...common(`typing:${item.messageId ?? digest(item, index)}`), type: 'agent.typing', typing: item.actionType === 'StartTypingIndicator' });
    } else if (item.uiType === 'ActionMsg' && item.actionType === 'StartSpinner') {
      const seconds = waitSeconds(item.waitTime);
      if (seconds !== undefined)
        events.push({ ...common(`wait:${item.messageId ?? digest(item, index)}`), type: 'queue.updated', queue: { estimatedWaitSeconds: seconds } });
    }
  });
  if (callback.completed) events.push({ ...common(`completed:${sessionKey}`), type: 'chat.closed', reason: 'agent-closed' });
  if (callback.takeControl) events.push({ ...common(`take-control:${sessionKey}`), type: 'chat.handback', reason: 'handed-back-to-bot' });
  return events;
}

/**
 * The URL of an agent's file, in the documented forms: an `OutputImage` (`value` is the image URL),
 * or an item whose `itemType` is `File` or `Image` (the URL in `value`, or `value.action` as on an
 * `OutputLink`). Other links (`OutputLink` without a file item type) are not files.
 */
function agentFileUrl(item: BodyItem): string | undefined {
  const isFile = item.uiType === 'OutputImage' || item.itemType === 'File' || item.itemType === 'Image';
  if (!isFile) return undefined;
  const value = item.value;
  const candidate = typeof value === 'string' ? value : (value as { action?: unknown } | undefined)?.action;
  if (typeof candidate !== 'string' || candidate.length > 4_000) return undefined;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The file's name: the label, header or alt text the agent's side gave, else the URL's last path segment. */
function agentFileName(item: BodyItem, url: string): string {
  const given = [item.label, item.header, item.altText, (item as { fileName?: unknown }).fileName].find(
    (name): name is string => typeof name === 'string' && name.trim() !== '',
  );
  const fromUrl = lastPathSegment(url);
  return cutToCharacters((given ?? fromUrl).trim() || (item.uiType === 'OutputImage' ? 'image' : 'file'), 256);
}

function lastPathSegment(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}

/** `waitTime` as ServiceNow writes it ("8 Seconds", "2 Minutes"); a bare number is seconds. */
export function waitSeconds(waitTime: string | number | undefined): number | undefined {
  if (typeof waitTime === 'number') return waitTime >= 0 ? waitTime : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?\s*$/i.exec(waitTime ?? '');
  if (!match) return undefined;
  const unit = (match[2] ?? 's').toLowerCase();
  const factor = unit.startsWith('h') ? 3_600 : unit.startsWith('m') ? 60 : 1;
  return Math.round(Number(match[1]) * factor);
}
