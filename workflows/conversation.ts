/**
 * The open session: two delivery lanes (to the platform, to the bot), the agent's files, the queue
 * poller and the timers, until the session ends or the run hands over to the next one.
 */
import { allHandlersFinished, CancellationScope, condition, log, sleep, workflowInfo } from '@temporalio/workflow';
import type { BotEvent } from '../contracts/bot-event';
import type { PlatformOutbound } from '../contracts/platform-session';
import type { HandoffStatus } from '../contracts/status';
import { failureReason, quickStep, relay } from './activity-proxies';
import { AgentFileImports } from './agent-files';
import { DeliveryLane } from './delivery-lane';
import { drain, type Kickable } from './kicked-task';
import type { ProfileSnapshot } from './definitions';
import type { SearchAttributeSync } from './search-attribute-sync';
import type { HandoffSession } from './session';
import { QueuePoller } from './queue-poller';

const BATCH_SIZE = 25;
const CLOSE_RACE_GRACE = '5s';

/** How the conversation stopped: the session ended, or the run should hand over to the next (continue-as-new). */
export type ConversationEnd = 'ended' | 'hand-over';

export async function converse(
  session: HandoffSession,
  profile: ProfileSnapshot,
  searchAttributes: SearchAttributeSync,
  handOverDue: () => boolean,
): Promise<ConversationEnd> {
  const toPlatform = platformLane(session, profile);
  const toBot = botLane(session);
  const fromAgent = new AgentFileImports(session, profile);
  const queuePoller = profile.traits.queueStatus ? new QueuePoller(session, profile) : undefined;
  const lanes: Kickable[] = [toPlatform, toBot, fromAgent, ...(queuePoller ? [queuePoller] : [])];

  let timer: DeadlineTimer | undefined;
  while (session.isOpen && !handOverDue()) {
    for (const lane of lanes) lane.kick();
    // One timer at a time, for the deadline of the status it was set in: re-armed when it fires or the
    // status changes, not at every message (each re-arm is a timer cancelled and one started in history).
    if (!timer || timer.fired || timer.status !== session.status) {
      timer?.cancel();
      timer = new DeadlineTimer(session.status, session.nextDeadline()?.at);
    }
    const armed = timer;
    await condition(() => !session.isOpen || session.status !== armed.status || armed.fired || handOverDue() || lanes.some((lane) => lane.due));
    // A deadline that moved meanwhile (the user wrote: inactivity counts from then) is not due yet, and the timer is re-armed for it.
    if (armed.fired) session.expireTimers(Date.now());
    searchAttributes.sync();
  }
  timer?.cancel();

  await queuePoller?.stop();
  if (session.isOpen) {
    await Promise.all([toPlatform.stop(), toBot.stop(), fromAgent.stop()]);
    await condition(allHandlersFinished);
    return 'hand-over';
  }
  await toPlatform.stop();
  // The agent's last files still reach the bot, in their place before the end.
  await drain([fromAgent, toBot], untilReady);
  return 'ended';
}

/** Sends the bot what is queued for it when no conversation runs (the session ended outside one): the agent's last files first. */
export async function tellBot(session: HandoffSession, profile: ProfileSnapshot): Promise<void> {
  const fromAgent = session.state.platformSession ? [new AgentFileImports(session, profile)] : [];
  await drain([...fromAgent, botLane(session)], untilReady);
}

const untilReady = (ready: () => boolean) => condition(ready);

/** A durable timer for the session's next deadline, set while the session is in `status`; `fired` once it went off. */
class DeadlineTimer {
  fired = false;
  private readonly scope = new CancellationScope({ cancellable: true });

  constructor(
    readonly status: HandoffStatus,
    at: number | undefined,
  ) {
    if (at === undefined) return;
    this.scope
      .run(() => sleep(Math.max(at - Date.now(), 1)))
      .then(
        () => (this.fired = true),
        () => undefined,
      );
  }

  cancel(): void {
    if (!this.fired) this.scope.cancel();
  }
}

/**
 * The user's messages, typing and files to the platform, in order. From the workflow task that took
 * them first (a local activity) where the platform itself drops a repeated `messageId` (its traits
 * say `dropsRepeatedUserMessages`): a retried task may send a message again, under another `seq`.
 */
function platformLane(session: HandoffSession, profile: ProfileSnapshot): DeliveryLane<PlatformOutbound> {
  const { handoffId, platformSession } = session.state;
  const deliver = (items: PlatformOutbound[]) => {
    const input = { handoffId, profile: profile.name, session: platformSession!, items };
    return profile.traits.dropsRepeatedUserMessages ? quickStep.call('deliverToPlatform', input) : relay.deliverToPlatform(input);
  };
  return new DeliveryLane(session.state.toPlatform, BATCH_SIZE, async (items) => {
    try {
      await deliver(items);
    } catch (error) {
      // A message that crosses the agent's close is refused by the platform; the close event is
      // then on its way, and the session should end closed, not failed.
      if (await condition(() => !session.isOpen, CLOSE_RACE_GRACE)) return;
      session.fail(failureReason(error), Date.now());
    }
  });
}

/**
 * Events to the bot's callback, in order. From the workflow task that made them first: a bot drops
 * a repeat by its `eventId`, which a retried task re-creates unchanged. Nothing after an agent's
 * file still being fetched goes out before it, so the bot sees the chat in order.
 */
function botLane(session: HandoffSession): DeliveryLane<BotEvent> {
  const { callbackUrl } = session.state;
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
        await quickStep.call('deliverToBot', { callbackUrl, events });
      } catch (error) {
        // The transcript endpoint still serves what the callback could not take.
        log.warn('bot callback gave up; events dropped', { seqs: events.map((e) => e.seq), reason: failureReason(error) });
      }
    },
    ready,
  );
}

/**
 * Whether the run should hand over to the next: history is large, the server suggests it, this
 * run's transcript grew large, or it took many updates (a repeated message adds none to the
 * transcript; a run takes at most 2,000).
 */
export function handOverDueWhen(session: HandoffSession, maxEvents: number, updatesTaken: () => number): () => boolean {
  return () => {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested || info.historyLength >= maxEvents || session.transcriptChars >= TRANSCRIPT_CHARS_PER_RUN || updatesTaken() >= UPDATES_PER_RUN
    );
  };
}

const UPDATES_PER_RUN = 1_000;

/** A run hands its messages to the archive well before a query's answer or an activity's input nears the 2 MB payload limit. */
export const TRANSCRIPT_CHARS_PER_RUN = 128 * 1024;
