/**
 * A model's summary, made right after the start answered (never on its path): read the kept
 * request, ask the profile's model, and show what it wrote on the platform (where it can replace
 * the start's summary) and in the ticket's description. Whatever fails on the model's side keeps the
 * extractive summary and says so (`fellBack`); the workflow tells the view and the bot.
 */
import { log } from '@temporalio/activity';
import type { PlatformSession } from '../contracts/platform-session';
import type { Summary } from '../contracts/summary';
import type { TicketHandle } from '../contracts/ticket';
import { extractiveSummary } from '../summary/extractive';
import { openAiCompatibleSummary, SummaryUnavailableError } from '../summary/openai-compatible';
import { ticketFor } from '../ticketing/ticket-content';
import { ticketingFor } from '../ticketing/registry';
import { connectorFor, profileOf, type ActivityDeps } from './deps';

export interface ModelSummaryInput {
  handoffId: string;
  profile: string;
  /** The archive's key of the kept request. */
  chainId: string;
  /** Where the summary is replaced: the chat on the platform, and the ticket. */
  session?: PlatformSession;
  ticket?: TicketHandle;
}

export function createModelSummaryActivities(deps: ActivityDeps) {
  return {
    async summarizeWithModel(input: ModelSummaryInput): Promise<Summary> {
      const profile = profileOf(deps, input.profile);
      const request = await deps.archive.request(input.chainId);
      let summary: Summary;
      if (profile.summary.provider !== 'openai-compatible') {
        summary = { text: extractiveSummary(request), provider: 'extractive', fellBack: false };
      } else {
        try {
          const text = await openAiCompatibleSummary(profile.summary, request, deps.ticketing.env ?? process.env);
          summary = { text, provider: 'openai-compatible', fellBack: false };
        } catch (error) {
          if (!(error instanceof SummaryUnavailableError)) throw error;
          log.warn('the model gave no summary; the extractive one stays', { reason: error.message });
          summary = { text: extractiveSummary(request), provider: 'extractive', fellBack: true };
        }
      }
      if (input.session && profile.mode === 'broker') {
        const context = {
          handoffId: input.handoffId,
          profileName: profile.name,
          session: input.session,
          options: profile.platformOptions,
          timeouts: profile.timeouts,
          attachments: deps.attachments,
        };
        await connectorFor(deps, profile, 'broker').updateSummary?.(context, summary);
      }
      if (input.ticket) {
        const { description } = ticketFor(request, profile.shortDescriptionPrefix, `handoff-${input.chainId}`, summary);
        await ticketingFor(profile.ticketing, deps.ticketing).updateDescription(input.ticket, description);
      }
      return summary;
    },
  };
}
