/**
 * After the chat ended: the run stays for the survey window (and the callback window of fallback
 * `callback`), filing each answer as it comes: the ticket's work notes, the platform, the
 * `HandoffCsat` search attribute and the metrics. Then the run ends.
 */
import { condition, log } from '@temporalio/workflow';
import { failureReason, quickStep } from './activity-proxies';
import type { ProfileSnapshot } from './definitions';
import { fallbackNote, noteOnTicket, ticketInput } from './fallback';
import { reportRating } from './metric-sinks';
import type { SearchAttributeSync } from './search-attribute-sync';
import type { HandoffSession } from './session';

export async function awaitAnswersAfterChat(session: HandoffSession, profile: ProfileSnapshot, searchAttributes: SearchAttributeSync): Promise<void> {
  const { state } = session;
  const unfiled = () => (state.survey !== undefined && !state.surveyFiled) || (state.callback !== undefined && !state.callbackFiled);
  for (;;) {
    if (unfiled()) await fileAnswers(session, profile, searchAttributes);
    const until = session.awaitingAfterEnd();
    if (until === undefined || Date.now() >= until) break;
    // An operator's cancel closes the windows (`closeWindowsAfterEnd`), which moves `until`.
    await condition(() => unfiled() || session.awaitingAfterEnd() !== until, until - Date.now());
  }
  await ticketWhenNoCallbackCame(session, profile, searchAttributes);
}

/** The callback rung was offered and nobody left a number: the ladder's `ticket` after it, if it has one, follows up. */
async function ticketWhenNoCallbackCame(session: HandoffSession, profile: ProfileSnapshot, searchAttributes: SearchAttributeSync): Promise<void> {
  const { state } = session;
  const ladder = profile.fallback ?? [];
  if (state.fallback?.action !== 'callback' || state.callback !== undefined || ladder.indexOf('ticket') < ladder.indexOf('callback')) return;
  if (!(await ensureTicket(session, searchAttributes))) return;
  const text = fallbackNote({ ...state.fallback, action: 'ticket' }).replace('No live agent', 'No callback was requested either');
  await noteOnTicket(session, profile, `fallback:${state.chainId}:no-callback`, text);
}

async function fileAnswers(session: HandoffSession, profile: ProfileSnapshot, searchAttributes: SearchAttributeSync): Promise<void> {
  const { state } = session;
  if (state.survey !== undefined && !state.surveyFiled) {
    const answer = state.survey;
    state.surveyFiled = true;
    searchAttributes.sync();
    reportRating(answer.rating);
    await noteOnTicket(session, profile, `survey:${state.chainId}`, `The user rated the chat ${answer.rating}/5${answer.comment ? `: ${answer.comment}` : ''}`);
    if (state.platformSession) {
      try {
        await quickStep.call('rateChatOnPlatform', { handoffId: state.handoffId, profile: profile.name, session: state.platformSession, answer });
      } catch (error) {
        log.warn('could not show the rating on the platform', { reason: failureReason(error) });
      }
    }
  }
  if (state.callback !== undefined && !state.callbackFiled) {
    const { at, ...callback } = state.callback;
    state.callbackFiled = true;
    await ensureTicket(session, searchAttributes);
    const when = callback.when ? `, ${callback.when}` : '';
    await noteOnTicket(
      session,
      profile,
      `callback:${state.chainId}`,
      `Callback requested at ${at}: ${callback.phone}${when}${callback.note ? `\nNote: ${callback.note}` : ''}`,
    );
    try {
      await quickStep.call('addCallbackToPlatform', {
        handoffId: state.handoffId,
        profile: profile.name,
        chainId: state.chainId,
        ...(state.ticket && { ticket: state.ticket }),
        callback,
      });
    } catch (error) {
      log.warn('could not add the callback to the platform', { reason: failureReason(error) });
    }
  }
}

/** The handoff's ticket, filed now (from the archived request) if it has none; false when it could not be. */
async function ensureTicket(session: HandoffSession, searchAttributes: SearchAttributeSync): Promise<boolean> {
  if (session.state.ticket) return true;
  try {
    session.fallbackTicket(await quickStep.call('fileTicket', ticketInput(session)), Date.now());
    searchAttributes.sync();
    return true;
  } catch (error) {
    log.warn('could not file the ticket after the chat', { reason: failureReason(error) });
    return false;
  }
}
