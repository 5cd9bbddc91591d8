/**
 * Sends user messages again the way a retried workflow task may: the same `messageId` under
 * another `seq`, from a connector that is not the worker's (another worker, or one restarted).
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { StartOutcome } from '../../activities/start';
import { createConnectors } from '../../platforms/connectors';
import { attachmentAccessOf, platformDepsOf } from '../../system/compose';
import type { PlatformOutboundMessage, PlatformSession } from '../../contracts/platform-session';
import type { HandoffStack } from './stack';

/** The platform session a brokered handoff opened, read from its start's first try (a local activity's marker) in the history. */
export async function platformSessionOf(stack: HandoffStack, handoffId: string): Promise<PlatformSession> {
  const history = await stack.client.workflow.getHandle(handoffId).fetchHistory();
  for (const event of history.events ?? []) {
    const details = event.markerRecordedEventAttributes?.details;
    const data = details?.data?.payloads?.[0]?.data;
    const result = details?.result?.payloads?.[0];
    if (!data || !result) continue;
    const step = JSON.parse(Buffer.from(data).toString()).activity_type;
    if (step !== 'startHandoff') continue;
    const [decrypted] = await stack.codec.decode([result]);
    const opened = defaultPayloadConverter.fromPayload<StartOutcome>(decrypted!).opened;
    if (opened) return opened.session;
  }
  throw new Error(`${handoffId} has no start in its history that opened a chat`);
}

export async function redeliver(
  stack: HandoffStack,
  handoffId: string,
  profileName: string,
  messages: PlatformOutboundMessage[],
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  const profile = stack.config.profiles.get(profileName)!;
  const connectors = createConnectors(platformDepsOf({ ...stack.settings, env }));
  const session = await platformSessionOf(stack, handoffId);
  const attachments = attachmentAccessOf({ ...stack.settings, env });
  const context = { handoffId, profileName, session, options: profile.platformOptions, timeouts: profile.timeouts, attachments };
  await connectors.get(profile.platform)!.broker!.deliver(context, messages);
}
