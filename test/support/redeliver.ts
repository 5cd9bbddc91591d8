/**
 * Sends user messages again the way a retried workflow task may: the same `messageId` under
 * another `seq`, from a connector that is not the worker's (another worker, or one restarted).
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { OneStepStart } from '../../activities/start-in-one-step';
import type { OpenedSession } from '../../platforms/connector';
import { createConnectors } from '../../platforms/connectors';
import { attachmentAccessOf, platformDepsOf } from '../../system/compose';
import type { PlatformOutboundMessage, PlatformSession } from '../../contracts/platform-session';
import type { HandoffStack } from './stack';

/** The platform session a brokered handoff opened, read from the start step that opened it in the history. */
export async function platformSessionOf(stack: HandoffStack, handoffId: string): Promise<PlatformSession> {
  const history = await stack.client.workflow.getHandle(handoffId).fetchHistory();
  for (const event of history.events ?? []) {
    const details = event.markerRecordedEventAttributes?.details;
    const data = details?.data?.payloads?.[0]?.data;
    const result = details?.result?.payloads?.[0];
    if (!data || !result) continue;
    const step = JSON.parse(Buffer.from(data).toString()).activity_type;
    if (step !== 'openBrokeredSession' && step !== 'startInOneStep') continue;
    const [decrypted] = await stack.codec.decode([result]);
    // A start in one step opened it, unless that step failed there and its own activity did.
    const opened =
      step === 'startInOneStep'
        ? defaultPayloadConverter.fromPayload<OneStepStart>(decrypted!).opened
        : defaultPayloadConverter.fromPayload<OpenedSession>(decrypted!);
    if (opened) return opened.session;
  }
  throw new Error(`${handoffId} has no openBrokeredSession step in its history`);
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
