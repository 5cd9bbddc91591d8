/**
 * After the chat ended: the run stays for the survey window (and the callback window of fallback
 * `callback`), filing each answer as it comes: the ticket's work notes, the platform, the
 * `HandoffCsat` search attribute and the metrics. Then the run ends.
 */
import { condition, log } from '@temporalio/workflow';
import { failureReason, relay } from './activity-proxies';
import type { HandoffWorkflowInput } from './definitions';
import { fallbackNote } from './fallback';
import { reportRating } from './metric-sinks';
import type { SearchAttributeSync } from './search-attribute-sync';
import type { HandoffSession } from './session';

export async function awaitAnswersAfterChat(session: HandoffSession, input: HandoffWorkflowInput, searchAttributes: SearchAttributeSync): Promise<void> {
  const { state } = session;
  const unfiled = () => (state.survey !== undefined && !state.surveyFiled) || (state.callback !== undefined && !state.callbackFiled);
  for (;;) {
    if (unfiled()) await fileAnswers(session, input, searchAttributes);
    const until = session.awaitingAfterEnd();
    if (until === undefined || Date.now() >= until) break;
    // An operator's cancel closes the windows (`closeWindowsAfterEnd`), which moves `until`.
    await condition(() => unfiled() || session.awaitingAfterEnd() !== until, until - Date.now());
  }
  await ticketWhenNoCallbackCame(session, input, searchAttributes);
}

/** The callback rung was offered and nobody left a number: the ladder's `ticket` after it, if it has one, follows up. */
async function ticketWhenNoCallbackCame(session: HandoffSession, input: HandoffWorkflowInput, searchAttributes: SearchAttributeSync): Promise<void> {
  const { state } = session;
  const ladder = input.profile.fallback ?? [];
  if (state.fallback?.action !== 'callback' || state.callback !== undefined || ladder.indexOf('ticket') < ladder.indexOf('callback')) return;
  const context = { handoffId: input.handoffId, profile: input.profile.name, chainId: state.chainId, request: input.request };
  try {
    if (!state.ticket) {
      session.fallbackTicket(await relay.fileTicket({ ...context, ...(state.decision && { decision: state.decision }) }), Date.now());
      searchAttributes.sync();
    }
    const text = fallbackNote({ ...state.fallback, action: 'ticket' }).replace('No live agent', 'No callback was requested either');
    await relay.appendTicketWorkNote({ ...context, ticket: state.ticket!, noteKey: `fallback:${state.chainId}:no-callback`, text });
  } catch (error) {
    log.warn('could not follow up on the ticket after no callback came', { reason: failureReason(error) });
  }
}

async function fileAnswers(session: HandoffSession, input: HandoffWorkflowInput, searchAttributes: SearchAttributeSync): Promise<void> {
  const { state } = session;
  const context = { handoffId: input.handoffId, profile: input.profile.name, chainId: state.chainId, request: input.request };
  const note = async (noteKey: string, text: string) => {
    if (!state.ticket) return;
    try {
      await relay.appendTicketWorkNote({ ...context, ticket: state.ticket, noteKey, text });
    } catch (error) {
      log.warn('could not add a note to the ticket', { ticket: state.ticket.number, reason: failureReason(error) });
    }
  };
  if (state.survey !== undefined && !state.surveyFiled) {
    const answer = state.survey;
    state.surveyFiled = true;
    searchAttributes.sync();
    reportRating(answer.rating);
    await note(`survey:${state.chainId}`, `The user rated the chat ${answer.rating}/5${answer.comment ? `: ${answer.comment}` : ''}`);
    if (state.platformSession) {
      try {
        await relay.rateChatOnPlatform({ handoffId: input.handoffId, profile: input.profile.name, session: state.platformSession, answer });
      } catch (error) {
        log.warn('could not show the rating on the platform', { reason: failureReason(error) });
      }
    }
  }
  if (state.callback !== undefined && !state.callbackFiled) {
    const { at, ...callback } = state.callback;
    state.callbackFiled = true;
    if (!state.ticket) {
      try {
        session.fallbackTicket(await relay.fileTicket({ ...context, ...(state.decision && { decision: state.decision }) }), Date.now());
        searchAttributes.sync();
      } catch (error) {
        log.warn('could not file a ticket for the callback', { reason: failureReason(error) });
      }
    }
    const when = callback.when ? `, ${callback.when}` : '';
    await note(`callback:${state.chainId}`, `Callback requested at ${at}: ${callback.phone}${when}${callback.note ? `\nNote: ${callback.note}` : ''}`);
    try {
      await relay.addCallbackToPlatform({ ...context, ...(state.ticket && { ticket: state.ticket }), callback });
    } catch (error) {
      log.warn('could not add the callback to the platform', { reason: failureReason(error) });
    }
  }
}
