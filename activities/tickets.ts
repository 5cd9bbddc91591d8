import type { HandoffRequest } from '../contracts/handoff-request';
import { ticketingFor } from '../ticketing/registry';
import { fitWorkNote, ticketFor } from '../ticketing/ticket-content';
import type { TicketHandle } from '../contracts/ticket';
import type { Decision } from '../contracts/availability';
import { decisionNote } from '../ticketing/decision-note';
import { profileOf, type ActivityDeps } from './deps';

export interface TicketActivityInput {
  handoffId: string;
  profile: string;
  chainId: string;
  request: HandoffRequest;
  /** Why a live agent was or was not offered: the work notes say it (absent in inputs recorded before it was kept). */
  decision?: Decision;
}

export function createTicketActivities(deps: ActivityDeps) {
  return {
    async fileTicket({ profile: name, chainId, request, decision }: TicketActivityInput): Promise<TicketHandle> {
      const profile = profileOf(deps, name);
      const filed = ticketFor(request, profile.shortDescriptionPrefix, `handoff-${chainId}`);
      const ticket = decision ? { ...filed, workNotes: fitWorkNote(`${decisionNote(decision)}\n\n${filed.workNotes}`) } : filed;
      return ticketingFor(profile.ticketing, deps.ticketing).file(ticket);
    },

    async appendTicketWorkNote(input: TicketActivityInput & { ticket: TicketHandle; noteKey: string; text: string }): Promise<void> {
      const profile = profileOf(deps, input.profile);
      await ticketingFor(profile.ticketing, deps.ticketing).addWorkNote(input.ticket, input.noteKey, fitWorkNote(input.text));
    },
  };
}
