/**
 * The open session: two delivery lanes (to the platform, to the bot), the timers, and the hand-over
 * to the next run when history grows large.
 */
import { allHandlersFinished, ApplicationFailure, condition, log, makeContinueAsNewFunc } from '@temporalio/workflow';
import type { BotDeliveryInput } from '../activities/bot-callback';
import type { PlatformDeliveryInput } from '../activities/platform';
import type { BotEvent } from '../contracts/bot-event';
import type { HandoffStateView } from '../contracts/handoff-view';
import { NON_RETRYABLE_FAILURES } from '../lib/failure-types';
import { activityCause, failureReason, relay, relayFirstTry } from './activity-proxies';
import { AgentFileImports } from './agent-files';
import type { HandoffWorkflowInput } from './definitions';
import { DeliveryLane } from './delivery-lane';
import { LOCAL_RELAY_PATCH, relaysUserMessagesLocally } from './local-relay';
import type { SearchAttributeSync } from './search-attribute-sync';
import type { HandoffSession } from './session';
import { QueuePoller } from './queue-poller';
import { patchedBefore } from './code-version';

const BATCH_SIZE = 25;

/** Runs recorded before bot events went out from a local activity first keep their regular activities. */
export const BOT_LOCAL_RELAY_PATCH = 'relay-bot-events-locally-first';

/** Runs recorded before a session that ended during the hand-over was finished by its own run (not the next). */
export const END_BEFORE_HANDOVER_PATCH = 'end-before-handover';

/** Runs recorded before `agentAccept` guarded the queue in api mode keep running without it. */
export const API_AGENT_ACCEPT_PATCH = 'agent-accept-in-api-mode';
const CLOSE_RACE_GRACE = '5s';

export async function converse(
  session: HandoffSession,
  input: HandoffWorkflowInput,
  searchAttributes: SearchAttributeSync,
  rotateDue: () => boolean,
): Promise<void> {
  const { profile, handoffId } = input;
  const platformSession = session.state.platformSession!;
  const deliver = relaysUserMessagesLocally(profile) && patchedBefore(LOCAL_RELAY_PATCH) ? deliverLocallyFirst : relay.deliverToPlatform;
  const toPlatform = new DeliveryLane(session.state.toPlatform, BATCH_SIZE, async (items) => {
    try {
      await deliver({ handoffId, profile: profile.name, session: platformSession, items });
    } catch (error) {
      // A message that crosses the agent's close is refused by the platform; the close event is
      // then on its way, and the session should end closed, not failed.
      if (await condition(() => !session.isOpen, CLOSE_RACE_GRACE)) return;
      session.fail(failureReason(error), Date.now());
    }
  });
  const toBot = botLane(session, input);
  // Runs whose code predates files (the attachments patch) have no third lane.
  const fromAgent = session.takesAttachments ? new AgentFileImports(session, input) : undefined;
  // Only runs whose platform told the queue when they started poll it.
  const queuePoller = profile.traits?.queueStatus ? new QueuePoller(session, input) : undefined;
  const lanes = [toPlatform.run(), toBot.run(), ...(fromAgent ? [fromAgent.run()] : []), ...(queuePoller ? [queuePoller.run()] : [])];
  const timerRules = { agentAcceptInApiMode: profile.mode === 'api' && patchedBefore(API_AGENT_ACCEPT_PATCH) };

  while (session.isOpen && !rotateDue()) {
    const deadline = session.nextDeadline(profile.timeouts, timerRules);
    const statusBefore = session.status;
    const woke = await condition(
      () => !session.isOpen || session.status !== statusBefore || rotateDue(),
      deadline ? Math.max(deadline.at - Date.now(), 1) : undefined,
    );
    if (!woke) session.expireTimers(Date.now(), profile.timeouts, timerRules);
    searchAttributes.sync();
  }

  queuePoller?.stop();
  if (session.isOpen) {
    toPlatform.stop();
    toBot.stop();
    fromAgent?.stop();
    await Promise.all(lanes);
    await condition(allHandlersFinished);
    if (session.isOpen || !patchedBefore(END_BEFORE_HANDOVER_PATCH)) {
      const continueAsNew = makeContinueAsNewFunc<(next: HandoffWorkflowInput) => Promise<HandoffStateView>>({
        typedSearchAttributes: searchAttributes.current(),
      });
      await continueAsNew({ ...input, resume: session.state });
    }
    // It ended while the run was handing over (the agent closed, an operator cancelled): this run
    // finishes it, and the bot hears of the end.
    await tellBot(session, input);
    return;
  }
  toPlatform.stop();
  // The agent's last files still reach the bot, in their place before the end.
  fromAgent?.drainAndStop();
  toBot.drainAndStop();
  await Promise.all(lanes);
}

async function deliverLocallyFirst(input: PlatformDeliveryInput): Promise<void> {
  try {
    await relayFirstTry.deliverToPlatform(input);
  } catch (error) {
    const cause = activityCause(error);
    if (cause instanceof ApplicationFailure && NON_RETRYABLE_FAILURES.some((type) => type === cause.type)) throw error;
    await relay.deliverToPlatform(input);
  }
}

async function deliverToBotLocallyFirst(input: BotDeliveryInput): Promise<void> {
  try {
    await relayFirstTry.deliverToBot(input);
  } catch {
    await relay.deliverToBot(input);
  }
}

/** Sends the bot what is queued for it when no conversation loop runs (the session ended outside one). */
export async function tellBot(session: HandoffSession, input: HandoffWorkflowInput): Promise<void> {
  const lane = botLane(session, input);
  lane.drainAndStop();
  if (session.takesAttachments && session.pendingAgentAttachment !== undefined && session.state.platformSession) {
    const fromAgent = new AgentFileImports(session, input);
    fromAgent.drainAndStop();
    await Promise.all([fromAgent.run(), lane.run()]);
    return;
  }
  await lane.run();
}

function botLane(session: HandoffSession, input: HandoffWorkflowInput): DeliveryLane<(typeof session.state.toBot)[number]> {
  const callbackUrl = input.request.callbackUrl;
  // Bots drop duplicates by `eventId`, which a retried task re-creates unchanged: sending before the
  // task that made the events has committed is safe, and saves a trip through the task queue.
  const deliver = callbackUrl !== undefined && patchedBefore(BOT_LOCAL_RELAY_PATCH) ? deliverToBotLocallyFirst : relay.deliverToBot;
  // Nothing after an agent's file still being fetched goes out before it, so the bot sees the chat in order.
  const ready = (event: BotEvent) => {
    const pending = session.pendingAgentAttachment;
    return pending === undefined || event.seq < pending.seq;
  };
  return new DeliveryLane(
    session.state.toBot,
    BATCH_SIZE,
    async (events) => {
      if (callbackUrl === undefined) return;
      try {
        await deliver({ callbackUrl, events });
      } catch (error) {
        // The transcript endpoint still serves what the callback could not take.
        log.warn('bot callback gave up; events dropped', { seqs: events.map((e) => e.seq), reason: failureReason(error) });
      }
    },
    ready,
  );
}
