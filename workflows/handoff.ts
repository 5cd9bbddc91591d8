/**
 * The handoff workflow, wired: a handler per definition (handlers.ts, on the session's state
 * machine, session.ts), then the start, the conversation, the hand-over to the next run, the
 * wrap-up and the answers after the chat, each in its own module.
 */
import { allHandlersFinished, CancellationScope, CancelledFailure, condition, makeContinueAsNewFunc, setHandler, workflowInfo } from '@temporalio/workflow';
import type { HandoffStateView } from '../contracts/handoff-view';
import { awaitAnswersAfterChat } from './after-chat';
import { converse, handOverDueWhen, tellBot } from './conversation';
import {
  agentEventSignal,
  callbackRequestUpdate,
  cancelHandoffUpdate,
  handoffViewQuery,
  platformSessionQuery,
  startHandoffUpdate,
  surveyUpdate,
  transcriptQuery,
  userAttachmentUpdate,
  userMessageUpdate,
  userTypingSignal,
  type HandoffWorkflowInput,
} from './definitions';
import { takeFallback } from './fallback';
import { SessionHandlers } from './handlers';
import { reportMetrics } from './metric-sinks';
import { summarizeAfterStart } from './model-summary';
import { waitForOpening } from './opening';
import { isPatched, USER_IDLE_CHECK_IN } from './patches';
import { SearchAttributeSync } from './search-attribute-sync';
import { HandoffSession } from './session';
import { start } from './start';
import { TranscriptArchive } from './transcript-archive';
import { wrapUp } from './wrap-up';

export async function handoffWorkflow(input: HandoffWorkflowInput): Promise<HandoffStateView> {
  const { profile } = input;
  const session = input.resume
    ? HandoffSession.resume(input.resume, profile)
    : HandoffSession.begin(input.handoffId, input.request, profile, workflowInfo().firstExecutionRunId, Date.now());
  // Asked only of a profile with check-ins, which no run before the patch had.
  if (profile.timeouts.userIdleCheckIn !== undefined && isPatched(USER_IDLE_CHECK_IN)) session.enableCheckIns();
  const archive = new TranscriptArchive(session);
  const handlers = new SessionHandlers(session, archive);
  // The API set them at start, and a continue-as-new carries them: upserted only when they change.
  const searchAttributes = new SearchAttributeSync(session);
  searchAttributes.assumeSynced();
  reportMetrics(session, !input.resume);
  let startSettled = input.resume !== undefined;

  setHandler(handoffViewQuery, () => session.view());
  setHandler(platformSessionQuery, () => session.state.platformSession);
  setHandler(transcriptQuery, (afterSeq) => ({
    chainId: session.state.chainId,
    archivedSegments: session.state.archive.segments,
    entries: session.transcriptAfter(afterSeq),
  }));
  setHandler(startHandoffUpdate, () => CancellationScope.nonCancellable(async () => (await condition(() => startSettled), session.view())));
  setHandler(userMessageUpdate, (message) => handlers.userMessage(message), { validator: (_message) => handlers.validateUserMessage() });
  setHandler(userAttachmentUpdate, (attachment) => handlers.userAttachment(attachment), { validator: (_attachment) => handlers.validateUserMessage() });
  setHandler(cancelHandoffUpdate, (left) => handlers.leave(left), { validator: (_left) => handlers.validateLeaving() });
  setHandler(surveyUpdate, (answer) => handlers.survey(answer), { validator: (_answer) => handlers.validateSurvey() });
  setHandler(callbackRequestUpdate, (request) => handlers.callbackRequest(request), { validator: (_request) => handlers.validateCallbackRequest() });
  setHandler(agentEventSignal, (event) => handlers.agentEvent(event));
  setHandler(userTypingSignal, (typing) => handlers.userTyping(typing));

  // An operator's Request Cancellation ends the handoff the way the user leaving does: in order,
  // with the wrap-up. Nothing below is cancellable, so no step is cut off half-way; a cancel that
  // lands during the start takes effect once it has placed the user.
  let cancelledByOperator = false;
  CancellationScope.current().cancelRequested.catch(() => {
    cancelledByOperator = true;
    if (session.isOpen) session.cancelByOperator(Date.now());
    // Ended already, waiting only for a rating or a callback request: those windows close now.
    else session.closeWindowsAfterEnd(Date.now());
  });

  let summarizing: Promise<void> | undefined;
  await CancellationScope.nonCancellable(async () => {
    if (input.request) {
      await start(session, profile, input.request, input.receivedAt);
      if (cancelledByOperator && session.isOpen) session.cancelByOperator(Date.now());
      startSettled = true;
      searchAttributes.sync();
      summarizing = summarizeAfterStart(session, profile);
      if (session.status === 'waiting') {
        // The bot hears of the fallback now, not when the chat opens.
        await tellBot(session, profile);
        await waitForOpening(session, profile, input.request);
        searchAttributes.sync();
      }
    }
    if (
      session.isOpen &&
      (await converse(
        session,
        profile,
        searchAttributes,
        handOverDueWhen(session, input.continueAsNewAfterEvents, () => handlers.updatesTaken),
      )) === 'hand-over'
    ) {
      await summarizing;
      await archive.archiveRun();
      if (session.isOpen) {
        const continueAsNew = makeContinueAsNewFunc<typeof handoffWorkflow>({
          typedSearchAttributes: searchAttributes.current(),
          workflowTaskTimeout: workflowInfo().taskTimeoutMs,
        });
        await continueAsNew({ handoffId: input.handoffId, profile, continueAsNewAfterEvents: input.continueAsNewAfterEvents, resume: session.state });
      }
    }
    // Whatever ended it (the agent, a timer, the user, an operator, even during the hand-over), the bot hears of it.
    await summarizing;
    await tellBot(session, profile);
    await wrapUp(session, profile);
    if (profile.fallback && session.state.endCause === 'noAgentAccepted' && (await takeFallback(session, profile, 'no-agent-accepted'))) {
      await tellBot(session, profile);
    }
    searchAttributes.sync();
    await awaitAnswersAfterChat(session, profile, searchAttributes);
    await condition(allHandlersFinished);
  });
  // The run ends Canceled in the Temporal UI, with the handoff wrapped up.
  if (cancelledByOperator) throw new CancelledFailure('cancelled by an operator; the handoff was wrapped up');
  return session.view();
}
