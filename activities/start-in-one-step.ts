import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { NON_RETRYABLE_FAILURES } from '../lib/failure-types';
import type { HandoffRequest } from '../contracts/handoff-request';
import type { HandoffMode } from '../contracts/status';
import type { TicketHandle } from '../contracts/ticket';
import type { OpenedSession, QueuePlacement } from '../platforms/connector';
import type { ActivityDeps } from './deps';
import type { RuleVerdict } from './offer-decision';
import { createPlatformActivities } from './platform';
import { createTicketActivities } from './tickets';
import { createTriggerRuleActivities } from './trigger-rule';
import { joinLinkNote, joinLinkNoteKey } from '../workflows/join-link-note';

export interface OneStepStartInput {
  handoffId: string;
  profile: string;
  chainId: string;
  request: HandoffRequest;
  /** The profile's choices as the workflow's input has them, so that both ways of starting decide alike. */
  fileTicket: boolean;
  mode: HandoffMode;
  /** The platform the workflow's input names, for the api-mode note. */
  platform: string;
}

/** How far the start got. A step missing after an offer failed here (or was not due); so did every step after it. */
export interface OneStepStart {
  verdict: RuleVerdict;
  ticket?: TicketHandle;
  redirectUrl?: string;
  placed?: QueuePlacement;
  opened?: OpenedSession;
  /** api mode: the ticket has the join-link note (workflows/join-link-note.ts). */
  joinLinkNoted?: true;
  /** A step was refused in a way no retry mends (a 4xx-type failure): the start fails with this reason, and no step is tried again. */
  refused?: { step: string; reason: string };
}

function refusedForGood(error: unknown): error is ApplicationFailure {
  return error instanceof ApplicationFailure && (error.nonRetryable || NON_RETRYABLE_FAILURES.some((type) => type === error.type));
}

/**
 * The start steps in one activity: the rule, the ticket, then the URL, the queue or the chat, each
 * the same call as its own activity and idempotent the same way (the ticket by the chain's
 * correlation id, the chat by the chain), and in api mode the join-link note (by its key) before the
 * bot's answer rather than after. A step that fails stops it without an error: refused (a 4xx-type
 * failure), the start fails with its reason; otherwise the workflow takes that step on with its own
 * activity, retried as before, and the steps after it.
 */
export function createOneStepStartActivities(deps: ActivityDeps) {
  const { evaluateTriggerRule } = createTriggerRuleActivities(deps);
  const { fileTicket, appendTicketWorkNote } = createTicketActivities(deps);
  const { buildRedirectUrl, placeInQueue, openBrokeredSession } = createPlatformActivities(deps);
  return {
    async startInOneStep({ fileTicket: filesTicket, mode, platform, ...input }: OneStepStartInput): Promise<OneStepStart> {
      const verdict = await evaluateTriggerRule({ profile: input.profile, request: input.request });
      const done: OneStepStart = { verdict };
      if (!verdict.offered) return done;
      const context = { ...input, ...(verdict.decision && { decision: verdict.decision }) };
      let step = 'fileTicket';
      try {
        if (filesTicket) done.ticket = await fileTicket(context);
        const withTicket = { ...context, ticket: done.ticket };
        step = mode === 'url' ? 'buildRedirectUrl' : mode === 'api' ? 'placeInQueue' : 'openBrokeredSession';
        if (mode === 'url') done.redirectUrl = await buildRedirectUrl(withTicket);
        else if (mode === 'api') done.placed = await placeInQueue(withTicket);
        else done.opened = await openBrokeredSession(withTicket);
        if (done.placed && done.ticket) {
          step = 'appendTicketWorkNote';
          const text = joinLinkNote(done.placed.queue?.name, platform);
          await appendTicketWorkNote({ ...withTicket, ticket: done.ticket, noteKey: joinLinkNoteKey(input.chainId), text });
          done.joinLinkNoted = true;
        }
      } catch (error) {
        const reason = (error as Error).message;
        // A refused note does not fail the start: the workflow's own note (after the answer) tries it and logs it.
        if (refusedForGood(error) && step !== 'appendTicketWorkNote') done.refused = { step, reason };
        else log.warn('a start step failed; the workflow takes it on with its own activity', { step, reason });
      }
      return done;
    },
  };
}
