/**
 * The handoff workflow, wired: handlers on the session state machine (session.ts), then the start
 * steps, the conversation and the wrap-up, each in its own module.
 */
import { allHandlersFinished, ApplicationFailure, CancellationScope, CancelledFailure, condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import type { AgentEvent } from '../contracts/agent-event';
import type { HandoffStateView } from '../contracts/handoff-view';
import { FailureType } from '../lib/failure-types';
import { converse, tellBot } from './conversation';
import {
  agentEventSignal,
  callbackRequestUpdate,
  cancelHandoffUpdate,
  surveyUpdate,
  handoffViewQuery,
  platformSessionQuery,
  startHandoffUpdate,
  transcriptQuery,
  userAttachmentUpdate,
  userMessageUpdate,
  userTypingSignal,
  type HandoffWorkflowInput,
  type ReceivedUserAttachment,
  type ReceivedUserMessage,
  type UserLeft,
} from './definitions';
import { reportMetrics } from './metric-sinks';
import { SearchAttributeSync } from './search-attribute-sync';
import { HandoffSession } from './session';
import { noteJoinLink, runStartSteps } from './start-steps';
import { wrapUp } from './wrap-up';
import { awaitAnswersAfterChat } from './after-chat';
import { takeFallback } from './fallback';
import { waitForOpening } from './opening';
import { decideRunCode, patchedBefore } from './code-version';

/** Runs recorded before the bot was told of an end that came before any conversation loop ran. */
export const TELL_BOT_WITHOUT_CONVERSATION_PATCH = 'tell-bot-without-conversation';

/** Runs recorded before agent events that came during the start steps waited for them (they were dropped). */
export const EARLY_EVENTS_WAIT_PATCH = 'early-agent-events-wait-for-start';

/** Runs recorded before a user's message or leaving took effect after the agent events of its workflow task. */
export const UPDATES_AFTER_SIGNALS_PATCH = 'updates-after-signals';

/** Runs recorded before files travelled (by reference) take no `userAttachment` update and drop `agent.attachment` events. */
export const ATTACHMENTS_PATCH = 'attachments';

/**
 * Runs recorded before availability, fallback and the survey. Every step they added is taken only
 * for a profile whose input carries `fallback` or `surveyWindowMs` (which older inputs never do);
 * the marker says in the history which code a run followed.
 */
export const CONTACT_CENTER_PATCH = 'contact-center';

/** A run takes at most 2,000 updates; rotate well before that. */
const UPDATES_PER_RUN = 1_000;

export async function handoffWorkflow(input: HandoffWorkflowInput): Promise<HandoffStateView> {
  const onCurrentCode = decideRunCode();
  const session = input.resume ? HandoffSession.resume(input.resume) : HandoffSession.begin(input, workflowInfo().firstExecutionRunId, Date.now());
  const searchAttributes = new SearchAttributeSync(session);
  // The API set them at start, a continue-as-new carried them: runs before this upserted them again.
  if (onCurrentCode) searchAttributes.assumeSynced();
  reportMetrics(session, !input.resume);
  const { fallback, surveyWindowMs } = input.profile;
  const contactCenter = (fallback !== undefined || surveyWindowMs !== undefined) && patchedBefore(CONTACT_CENTER_PATCH);
  if (contactCenter && surveyWindowMs !== undefined) session.enableSurvey(surveyWindowMs);
  let startSettled = input.resume !== undefined;
  let updatesThisRun = 0;

  setHandler(handoffViewQuery, () => session.view());
  setHandler(platformSessionQuery, () => session.state.platformSession);
  setHandler(transcriptQuery, (afterSeq) => session.transcriptAfter(afterSeq));
  setHandler(startHandoffUpdate, () =>
    CancellationScope.nonCancellable(async () => {
      await condition(() => startSettled);
      return session.view();
    }),
  );
  // An operator's reset to a point before the start steps (the run's first workflow task) re-applies
  // every message, leaving and agent event recorded after it at once, before the start steps have
  // run again. They wait for the start steps instead of being refused (or, for agent events, dropped
  // as belonging to no chat yet), then apply: messages in their order, agent events in theirs (the
  // transcript orders the two by `at`). Nothing else delivers them that early, short of a bot that
  // writes before its start has answered.
  const starting = () => session.status === 'evaluating';
  const afterStart = async <T>(apply: () => T): Promise<T> => {
    await CancellationScope.nonCancellable(() => condition(() => !starting()));
    return apply();
  };
  // A reset re-applies the signals and updates recorded after its point into one workflow task.
  // Running that task, the SDK hands them to the workflow in history order; replaying it, it hands
  // over the updates after the signals (it learns of a re-applied update from its acceptance), as it
  // does for every task both ways. So that both agree, a user's message or leaving takes effect once
  // the task's agent events are applied: one microtask later, as none runs before all of a task's
  // signals and updates are handed over. Runs recorded before that take effect at once.
  const updatesAfterSignals = patchedBefore(UPDATES_AFTER_SIGNALS_PATCH);
  const afterAgentEvents = <T>(apply: () => T): T | Promise<T> => (updatesAfterSignals ? Promise.resolve().then(apply) : apply());
  const takeMessage = ({ messageId, text, at }: ReceivedUserMessage) => {
    // The user's leaving, earlier in the same task, took effect first: refused as before. (An agent's
    // close does not refuse it: a message that passed its validator after one is a re-applied one
    // that came before it.)
    if (session.state.endCause === 'userLeft') refuseWhen(session.messageRefusal());
    return { seq: session.acceptUserMessage(messageId, text, Date.now(), at) };
  };
  const messageValidator = () => refuseWhen(starting() && input.profile.mode === 'broker' ? undefined : session.messageRefusal());
  setHandler(
    userMessageUpdate,
    (message) => {
      updatesThisRun++;
      if (!starting()) return afterAgentEvents(() => takeMessage(message));
      return afterStart(() => {
        refuseWhen(session.messageRefusal());
        return takeMessage(message);
      });
    },
    { validator: (_message) => messageValidator() },
  );
  if (patchedBefore(ATTACHMENTS_PATCH)) {
    session.enableAttachments();
    // Taken exactly like a message (same refusals, same order), so a file sits among the user's messages.
    const takeAttachment = ({ messageId, attachment, at }: ReceivedUserAttachment) => {
      if (session.state.endCause === 'userLeft') refuseWhen(session.messageRefusal());
      return { seq: session.acceptUserAttachment(messageId, attachment, Date.now(), at) };
    };
    setHandler(
      userAttachmentUpdate,
      (received) => {
        updatesThisRun++;
        if (!starting()) return afterAgentEvents(() => takeAttachment(received));
        return afterStart(() => {
          refuseWhen(session.messageRefusal());
          return takeAttachment(received);
        });
      },
      { validator: (_received) => messageValidator() },
    );
  }
  const leave = (left: UserLeft | undefined) => {
    session.cancel(Date.now(), left?.at);
    return session.view();
  };
  setHandler(
    cancelHandoffUpdate,
    // Updates recorded before the edge stamped the time carry no argument.
    (left: UserLeft) => {
      updatesThisRun++;
      if (!starting()) return afterAgentEvents(() => leave(left));
      return afterStart(() => {
        refuseWhen(session.cancelRefusal());
        return leave(left);
      });
    },
    { validator: (_left) => refuseWhen(starting() ? undefined : session.cancelRefusal()) },
  );
  const applyAgentEvent = (event: AgentEvent) => {
    const outcome = session.applyAgentEvent(event, Date.now());
    if (outcome !== 'applied') log.info('agent event not applied', { eventId: event.eventId, type: event.type, outcome });
  };
  setHandler(agentEventSignal, (event) => {
    if (!starting()) return applyAgentEvent(event);
    // Runs recorded before early events waited dropped them (no chat was known yet).
    return afterStart(() =>
      patchedBefore(EARLY_EVENTS_WAIT_PATCH) ? applyAgentEvent(event) : log.info('agent event before the start steps dropped', { eventId: event.eventId }),
    );
  });
  // Every run answers these (with a refusal where they cannot apply), so a bot gets a 409, never an unknown update.
  // Validators are synchronous, and the workflow's clock is the task's: the same answer on every replay.
  setHandler(
    surveyUpdate,
    (answer) => {
      updatesThisRun++;
      session.takeSurvey(answer, Date.now());
      return session.view();
    },
    { validator: (_answer) => refuseWhen(session.surveyRefusal(Date.now()), FailureType.SurveyNotOpen) },
  );
  setHandler(
    callbackRequestUpdate,
    (request) => {
      updatesThisRun++;
      session.takeCallback(request, Date.now());
      return session.view();
    },
    { validator: (_request) => refuseWhen(session.callbackRefusal(Date.now()), FailureType.CallbackNotOpen) },
  );
  setHandler(userTypingSignal, ({ typing }) => {
    if (!session.userTyping(typing, Date.now())) log.info('user typing dropped: not an open broker session', { status: session.status });
  });

  // An operator's Request Cancellation ends the handoff the way the user leaving does: in order,
  // with the wrap-up. Nothing below is cancellable, so no step is cut off half-way; a cancel that
  // lands during the start steps takes effect once they have placed the user.
  let cancelledByOperator = false;
  CancellationScope.current().cancelRequested.catch(() => {
    cancelledByOperator = true;
    if (session.isOpen) session.cancelByOperator(Date.now());
    // Ended already, waiting only for a rating or a callback request: those windows close now.
    else session.closeWindowsAfterEnd(Date.now());
  });

  await CancellationScope.nonCancellable(async () => {
    if (!input.resume) {
      searchAttributes.sync();
      const started = await runStartSteps(session, input, onCurrentCode);
      if (cancelledByOperator && session.isOpen) session.cancelByOperator(Date.now());
      startSettled = true;
      if (!started.joinLinkNoted) await noteJoinLink(session, input);
    }
    searchAttributes.sync();
    if (session.status === 'waiting') {
      // The bot hears of the fallback now, not when the chat opens.
      await tellBot(session, input);
      await waitForOpening(session, input);
      searchAttributes.sync();
    }

    if (session.isOpen) {
      const rotateDue = () =>
        workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= input.continueAsNewAfterEvents || updatesThisRun >= UPDATES_PER_RUN;
      await converse(session, input, searchAttributes, rotateDue);
    } else if (session.state.toBot.length > 0 && patchedBefore(TELL_BOT_WITHOUT_CONVERSATION_PATCH)) {
      // Ended before a conversation loop ran (an operator's cancel during the start steps, or the
      // agent's close signalled before a continued run began): the bot still hears of it.
      await tellBot(session, input);
    }
    await wrapUp(session, input);
    if (contactCenter && fallback && session.state.endCause === 'noAgentAccepted' && (await takeFallback(session, input, 'no-agent-accepted', 'end'))) {
      await tellBot(session, input);
    }
    searchAttributes.sync();
    if (contactCenter) await awaitAnswersAfterChat(session, input, searchAttributes);
    await condition(allHandlersFinished);
  });
  // The run ends Canceled in the Temporal UI, with the handoff wrapped up.
  if (cancelledByOperator) throw new CancelledFailure('cancelled by an operator; the handoff was wrapped up');
  return session.view();
}

function refuseWhen(reason: string | undefined, type: FailureType = FailureType.SessionNotOpen): void {
  if (reason !== undefined) throw ApplicationFailure.create({ type, message: reason, nonRetryable: true });
}
