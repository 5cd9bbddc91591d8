/**
 * The start of a handoff, in one idempotent step: availability and the trigger rule, then (when a
 * live agent is offered) the ticket, then the URL, the queue placement (and the ticket's note that
 * the user was queued) or the brokered chat. Each call is idempotent on its own (the ticket by the
 * chain's correlation id, the chat by the chain, the note by its key), so the whole step may run
 * again after any failure (workflows/activity-proxies.ts `startStep`). A step refused for good (a
 * 4xx-type failure) is not asked again: the answer says so, with the ticket filed before it, and the
 * handoff fails with the platform's reason.
 */
import { log } from '@temporalio/activity';
import type { HandoffRequest } from '../contracts/handoff-request';
import type { HandoffMode } from '../contracts/status';
import type { Summary } from '../contracts/summary';
import type { TicketHandle } from '../contracts/ticket';
import { extractiveSummary } from '../summary/extractive';
import type { OpenedSession, QueuePlacement } from '../platforms/connector';
import type { ActivityDeps } from './deps';
import type { RuleVerdict } from './offer-decision';
import { createPlatformActivities } from './platform';
import { refusedForGood } from './refusal';
import { createTicketActivities } from './tickets';
import { createTriggerRuleActivities } from './trigger-rule';

export interface StartInput {
  handoffId: string;
  profile: string;
  chainId: string;
  request: HandoffRequest;
  /** The profile's choices as the workflow's input has them (it decides by them too). */
  mode: HandoffMode;
  fileTicket: boolean;
  /** Keep the request in the archive: a step after the chat (a fallback ticket) needs it. */
  archiveRequest: boolean;
}

/** What the start did. Offered and not refused: exactly the mode's outcome is there. */
export interface StartOutcome {
  verdict: RuleVerdict;
  ticket?: TicketHandle;
  redirectUrl?: string;
  placed?: QueuePlacement;
  opened?: OpenedSession;
  requestArchived?: true;
  /** A step was refused in a way no retry mends: the handoff fails with this reason. */
  refused?: { step: string; reason: string };
  /** What the agent sees first: the extractive summary, made here (a model's comes after the start). */
  summary?: Summary;
}

export function createStartActivities(deps: ActivityDeps) {
  const { evaluateTriggerRule } = createTriggerRuleActivities(deps);
  const { fileTicket, appendTicketWorkNote } = createTicketActivities(deps);
  const { buildRedirectUrl, placeInQueue, openBrokeredSession } = createPlatformActivities(deps);
  return {
    async startHandoff({ mode, fileTicket: filesTicket, archiveRequest, ...input }: StartInput): Promise<StartOutcome> {
      const verdict = await evaluateTriggerRule({ profile: input.profile, request: input.request });
      const done: StartOutcome = { verdict };
      if (archiveRequest) {
        await deps.archive.keepRequest(input.chainId, input.request);
        done.requestArchived = true;
      }
      if (!verdict.offered) return done;
      done.summary = { text: extractiveSummary(input.request), provider: 'extractive', fellBack: false };
      const route = verdict.decision?.route;
      const context = { ...input, summary: done.summary, ...(route && { route }), ...(verdict.decision && { decision: verdict.decision }) };
      let step = 'fileTicket';
      try {
        if (filesTicket) done.ticket = await fileTicket(context);
        const withTicket = { ...context, ticket: done.ticket };
        step = mode;
        if (mode === 'url') done.redirectUrl = await buildRedirectUrl(withTicket);
        else if (mode === 'api') done.placed = await placeInQueue(withTicket);
        else done.opened = await openBrokeredSession(withTicket);
      } catch (error) {
        if (!refusedForGood(error)) throw error;
        done.refused = { step, reason: (error as Error).message };
        return done;
      }
      if (done.placed && done.ticket) {
        // In api mode the agent works from the ticket too; a refused note does not fail the start.
        const text = `${queuedNote(done.placed.queue?.name, input.profile)} and sent a private link to join the chat (not noted here: whoever holds it joins as the user)`;
        try {
          await appendTicketWorkNote({ profile: input.profile, ticket: done.ticket, noteKey: `join-link:${input.chainId}`, text });
        } catch (error) {
          if (!refusedForGood(error)) throw error;
          log.warn('the ticketing system refused the note that the user was queued', { ticket: done.ticket.number, reason: (error as Error).message });
        }
      }
      return done;
    },
  };

  function queuedNote(queueName: string | undefined, profileName: string): string {
    const platform = deps.config.profiles.get(profileName)?.platform ?? 'the platform';
    return `The user was placed in queue ${queueName ?? '(default)'} on ${platform}`;
  }
}
