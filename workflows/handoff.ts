/**
 * The handoff workflow, wired: handlers on the session state machine (session.ts), then the start
 * steps, the conversation and the wrap-up, each in its own module.
 */
import { allHandlersFinished, ApplicationFailure, condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import type { HandoffStateView } from '../contracts/handoff-view';
import { FailureType } from '../lib/failure-types';
import { converse } from './conversation';
import {
  agentEventSignal,
  cancelHandoffUpdate,
  handoffViewQuery,
  startHandoffUpdate,
  transcriptQuery,
  userMessageUpdate,
  userTypingSignal,
  type HandoffWorkflowInput,
} from './definitions';
import { SearchAttributeSync } from './search-attribute-sync';
import { HandoffSession } from './session';
import { noteJoinLink, runStartSteps } from './start-steps';
import { wrapUp } from './wrap-up';

/** A run takes at most 2,000 updates; rotate well before that. */
const UPDATES_PER_RUN = 1_000;

export async function handoffWorkflow(input: HandoffWorkflowInput): Promise<HandoffStateView> {
  const session = input.resume ? HandoffSession.resume(input.resume) : HandoffSession.begin(input, workflowInfo().firstExecutionRunId, Date.now());
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
      workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= input.continueAsNewAfterEvents || updatesThisRun >= UPDATES_PER_RUN;
    await converse(session, input, searchAttributes, rotateDue);
  }
  await wrapUp(session, input);
  searchAttributes.sync();
  await condition(allHandlersFinished);
  return session.view();
}

function refuseWhen(reason: string | undefined): void {
  if (reason !== undefined) throw ApplicationFailure.create({ type: FailureType.SessionNotOpen, message: reason, nonRetryable: true });
}
