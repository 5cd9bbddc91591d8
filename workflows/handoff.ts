import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  makeContinueAsNewFunc,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { PlatformDeliveryInput } from '../activities/platform';
import type { HandoffStateView } from '../contracts/handoff-view';
import {
  agentEventSignal,
  cancelHandoffUpdate,
  handoffViewQuery,
  SESSION_NOT_OPEN,
  startHandoffUpdate,
  transcriptQuery,
  userMessageUpdate,
  userTypingSignal,
  type HandoffWorkflowInput,
} from './definitions';
import { DeliveryLane } from './delivery-lane';
import { LOCAL_RELAY_PATCH, PLATFORMS_RELAYED_LOCALLY } from './local-relay';
import { HandoffSession } from './session';
import { SearchAttributeSync } from './search-attribute-sync';

const NON_RETRYABLE = ['PlatformRejected', 'TicketingRejected', 'ConfigurationError', 'MissingSecretError'];

/**
 * Steps the bot waits for synchronously run as local activities: the whole start (rule, ticket,
 * URL or queue) completes in one workflow task, with no task-queue round trip per step. They are
 * bounded, so a dead platform fails the start instead of hanging it.
 */
const startSteps = proxyLocalActivities<Activities>({
  startToCloseTimeout: '20s',
  scheduleToCloseTimeout: '90s',
  retry: { initialInterval: '300ms', backoffCoefficient: 2, maximumInterval: '10s', nonRetryableErrorTypes: NON_RETRYABLE },
});

/** Relaying keeps trying through a platform outage for an hour before giving the session up. */
const relay = proxyActivities<Activities>({
  startToCloseTimeout: '20s',
  scheduleToCloseTimeout: '1h',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: NON_RETRYABLE },
});

/** One quick try from inside the workflow task (see local-relay.ts); the regular activity takes over if it fails. */
const relayFirstTry = proxyLocalActivities<Activities>({ startToCloseTimeout: '3s', retry: { maximumAttempts: 1 } });

/** A run takes at most 2,000 updates; rotate well before that. */
const UPDATES_PER_RUN = 1_000;
const BATCH_SIZE = 25;
const CLOSE_RACE_GRACE = '5s';

export async function handoffWorkflow(input: HandoffWorkflowInput): Promise<HandoffStateView> {
  const session = input.resume
    ? HandoffSession.resume(input.resume)
    : HandoffSession.begin(input, workflowInfo().firstExecutionRunId, Date.now());
  const searchAttributes = new SearchAttributeSync(session);
  let startSettled = input.resume !== undefined;
  let updatesThisRun = 0;

  setHandler(handoffViewQuery, () => session.view());
  setHandler(transcriptQuery, (afterSeq) => session.transcriptAfter(afterSeq));
  setHandler(startHandoffUpdate, async () => {
    await condition(() => startSettled);
    return session.view();
  });
  setHandler(
    userMessageUpdate,
    ({ messageId, text }) => {
      updatesThisRun++;
      return { seq: session.acceptUserMessage(messageId, text, Date.now()) };
    },
    { validator: (_message) => refuseWhen(session.messageRefusal()) },
  );
  setHandler(
    cancelHandoffUpdate,
    () => {
      updatesThisRun++;
      session.cancel(Date.now());
      return session.view();
    },
    { validator: () => refuseWhen(session.cancelRefusal()) },
  );
  setHandler(agentEventSignal, (event) => {
    const outcome = session.applyAgentEvent(event, Date.now());
    if (outcome !== 'applied') log.info('agent event not applied', { eventId: event.eventId, type: event.type, outcome });
  });
  setHandler(userTypingSignal, ({ typing }) => {
    if (!session.userTyping(typing, Date.now())) log.info('user typing dropped: not an open broker session', { status: session.status });
  });

  if (!input.resume) {
    searchAttributes.sync();
    await runStartSteps(session, input);
    startSettled = true;
    await noteJoinLink(session, input);
  }
  searchAttributes.sync();

  if (session.isOpen) {
    const rotateDue = () =>
      workflowInfo().continueAsNewSuggested ||
      workflowInfo().historyLength >= input.continueAsNewAfterEvents ||
      updatesThisRun >= UPDATES_PER_RUN;
    await converse(session, input, searchAttributes, rotateDue);
  }
  await wrapUp(session, input);
  searchAttributes.sync();
  await condition(allHandlersFinished);
  return session.view();
}

function refuseWhen(reason: string | undefined): void {
  if (reason !== undefined) throw ApplicationFailure.create({ type: SESSION_NOT_OPEN, message: reason, nonRetryable: true });
}

async function runStartSteps(session: HandoffSession, input: HandoffWorkflowInput): Promise<void> {
  const { request, profile, handoffId } = input;
  const verdict = await startSteps.evaluateTriggerRule({ profile: profile.name, request });
  if (!verdict.offered) {
    session.markNotEligible(verdict.reason, Date.now());
    return;
  }
  const context = { handoffId, profile: profile.name, chainId: session.state.chainId, request };
  try {
    if (profile.fileTicket) {
      session.attachTicket(await startSteps.fileTicket(context), Date.now());
    }
    const withTicket = { ...context, ticket: session.state.ticket };
    if (profile.mode === 'url') {
      session.markRedirected(await startSteps.buildRedirectUrl(withTicket), Date.now());
    } else if (profile.mode === 'api') {
      const placed = await startSteps.placeInQueue(withTicket);
      session.markQueued(placed.session, placed.queue, placed.joinUrl, Date.now());
    } else {
      const opened = await startSteps.openBrokeredSession(withTicket);
      session.markQueued(opened.session, opened.queue, undefined, Date.now());
    }
  } catch (error) {
    session.fail(failureReason(error), Date.now());
  }
}

/** In API mode the agent works from the ticket too: note where the user was sent (after the bot has its answer). */
async function noteJoinLink(session: HandoffSession, input: HandoffWorkflowInput): Promise<void> {
  const { state } = session;
  if (state.mode !== 'api' || !state.ticket || state.redirectUrl === undefined || !session.isOpen) return;
  try {
    await relay.appendTicketWorkNote({
      handoffId: input.handoffId,
      profile: input.profile.name,
      chainId: state.chainId,
      request: input.request,
      ticket: state.ticket,
      noteKey: `join-link:${state.chainId}`,
      text: `The user was placed in queue ${state.queue?.name ?? '(default)'} on ${state.platform} and linked to ${state.redirectUrl}`,
    });
  } catch (error) {
    log.warn('could not note the join link on the ticket', { ticket: state.ticket.number, reason: failureReason(error) });
  }
}

async function converse(
  session: HandoffSession,
  input: HandoffWorkflowInput,
  searchAttributes: SearchAttributeSync,
  rotateDue: () => boolean,
): Promise<void> {
  const { profile, handoffId } = input;
  const platformSession = session.state.platformSession!;
  const deliver = PLATFORMS_RELAYED_LOCALLY.has(profile.platform) && patched(LOCAL_RELAY_PATCH) ? deliverLocallyFirst : relay.deliverToPlatform;
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
  const lanes = [toPlatform.run(), toBot.run()];

  while (session.isOpen && !rotateDue()) {
    const deadline = session.nextDeadline(profile.timeouts);
    const statusBefore = session.status;
    const woke = await condition(
      () => !session.isOpen || session.status !== statusBefore || rotateDue(),
      deadline ? Math.max(deadline.at - Date.now(), 1) : undefined,
    );
    if (!woke) session.expireTimers(Date.now(), profile.timeouts);
    searchAttributes.sync();
  }

  if (session.isOpen) {
    toPlatform.stop();
    toBot.stop();
    await Promise.all(lanes);
    await condition(allHandlersFinished);
    const continueAsNew = makeContinueAsNewFunc<(next: HandoffWorkflowInput) => Promise<HandoffStateView>>({
      typedSearchAttributes: searchAttributes.current(),
    });
    await continueAsNew({ ...input, resume: session.state });
  }
  toPlatform.stop();
  toBot.drainAndStop();
  await Promise.all(lanes);
}

async function deliverLocallyFirst(input: PlatformDeliveryInput): Promise<void> {
  try {
    await relayFirstTry.deliverToPlatform(input);
  } catch (error) {
    const cause = activityCause(error);
    if (cause instanceof ApplicationFailure && NON_RETRYABLE.includes(cause.type ?? '')) throw error;
    await relay.deliverToPlatform(input);
  }
}

function botLane(session: HandoffSession, input: HandoffWorkflowInput): DeliveryLane<(typeof session.state.toBot)[number]> {
  const callbackUrl = input.request.callbackUrl;
  return new DeliveryLane(session.state.toBot, BATCH_SIZE, async (events) => {
    if (callbackUrl === undefined) return;
    try {
      await relay.deliverToBot({ callbackUrl, events });
    } catch (error) {
      // The transcript endpoint still serves what the callback could not take.
      log.warn('bot callback gave up; events dropped', { seqs: events.map((e) => e.seq), reason: failureReason(error) });
    }
  });
}

/** After the session ended: tell the platform if we ended it, file the transcript, tell the bot. */
async function wrapUp(session: HandoffSession, input: HandoffWorkflowInput): Promise<void> {
  const { state } = session;
  const context = { handoffId: input.handoffId, profile: input.profile.name, chainId: state.chainId, request: input.request };
  const endedByUs = ['cancelled', 'abandoned', 'failed'].includes(state.status) || state.reason === 'inactivity' || state.reason === 'max-duration' || state.reason === 'no-events';
  if (state.platformSession && endedByUs) {
    try {
      if (state.status === 'cancelled' && state.toPlatform.length > 0) {
        await relay.deliverToPlatform({ ...context, session: state.platformSession, items: state.toPlatform.splice(0) });
      }
      await relay.closePlatformSession({ ...context, session: state.platformSession, reason: state.reason ?? state.status });
    } catch (error) {
      log.warn('could not close the platform session', { reason: failureReason(error) });
    }
  }
  const note = session.closingNote();
  if (state.ticket && note !== undefined) {
    try {
      await relay.appendTicketWorkNote({ ...context, ticket: state.ticket, noteKey: `transcript:${state.chainId}`, text: note });
    } catch (error) {
      log.warn('could not add the closing note to the ticket', { ticket: state.ticket.number, reason: failureReason(error) });
    }
  }
}

/** What an activity threw: a regular activity's failure arrives wrapped in an ActivityFailure, a local activity's last one unwrapped. */
function activityCause(error: unknown): unknown {
  return error instanceof ActivityFailure && error.cause ? error.cause : error;
}

function failureReason(error: unknown): string {
  const cause = activityCause(error);
  return cause instanceof Error ? cause.message : String(cause);
}
