/**
 * The handoff workflow, wired: handlers on the session state machine (session.ts), then the start
 * steps, the conversation and the wrap-up, each in its own module.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  condition,
  log,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { HandoffStateView } from '../contracts/handoff-view';
import { FailureType } from '../lib/failure-types';
import { converse, tellBot } from './conversation';
import {
  agentEventSignal,
  cancelHandoffUpdate,
  handoffViewQuery,
  platformSessionQuery,
  startHandoffUpdate,
  transcriptQuery,
  userMessageUpdate,
  userTypingSignal,
  type HandoffWorkflowInput,
  type UserLeft,
} from './definitions';
import { SearchAttributeSync } from './search-attribute-sync';
import { HandoffSession } from './session';
import { noteJoinLink, runStartSteps } from './start-steps';
import { wrapUp } from './wrap-up';

/** Runs recorded before the bot was told of an end that came before any conversation loop ran. */
export const TELL_BOT_WITHOUT_CONVERSATION_PATCH = 'tell-bot-without-conversation';

/** A run takes at most 2,000 updates; rotate well before that. */
const UPDATES_PER_RUN = 1_000;

export async function handoffWorkflow(input: HandoffWorkflowInput): Promise<HandoffStateView> {
  const session = input.resume ? HandoffSession.resume(input.resume) : HandoffSession.begin(input, workflowInfo().firstExecutionRunId, Date.now());
  const searchAttributes = new SearchAttributeSync(session);
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
  setHandler(
    userMessageUpdate,
    ({ messageId, text, at }) => {
      updatesThisRun++;
      return { seq: session.acceptUserMessage(messageId, text, Date.now(), at) };
    },
    { validator: (_message) => refuseWhen(session.messageRefusal()) },
  );
  setHandler(
    cancelHandoffUpdate,
    // Updates recorded before the edge stamped the time carry no argument.
    (left: UserLeft) => {
      updatesThisRun++;
      session.cancel(Date.now(), left?.at);
      return session.view();
    },
    { validator: (_left) => refuseWhen(session.cancelRefusal()) },
  );
  setHandler(agentEventSignal, (event) => {
    const outcome = session.applyAgentEvent(event, Date.now());
    if (outcome !== 'applied') log.info('agent event not applied', { eventId: event.eventId, type: event.type, outcome });
  });
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
  });

  await CancellationScope.nonCancellable(async () => {
    if (!input.resume) {
      searchAttributes.sync();
      await runStartSteps(session, input);
      if (cancelledByOperator && session.isOpen) session.cancelByOperator(Date.now());
      startSettled = true;
      await noteJoinLink(session, input);
    }
    searchAttributes.sync();

    if (session.isOpen) {
      const rotateDue = () =>
        workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= input.continueAsNewAfterEvents || updatesThisRun >= UPDATES_PER_RUN;
      await converse(session, input, searchAttributes, rotateDue);
    } else if (session.state.toBot.length > 0 && patched(TELL_BOT_WITHOUT_CONVERSATION_PATCH)) {
      // Ended before a conversation loop ran (an operator's cancel during the start steps, or the
      // agent's close signalled before a continued run began): the bot still hears of it.
      await tellBot(session, input);
    }
    await wrapUp(session, input);
    searchAttributes.sync();
    await condition(allHandlersFinished);
  });
  // The run ends Canceled in the Temporal UI, with the handoff wrapped up.
  if (cancelledByOperator) throw new CancelledFailure('cancelled by an operator; the handoff was wrapped up');
  return session.view();
}

function refuseWhen(reason: string | undefined): void {
  if (reason !== undefined) throw ApplicationFailure.create({ type: FailureType.SessionNotOpen, message: reason, nonRetryable: true });
}
