import type { HandoffRequest } from '../contracts/handoff-request';
import { ticketingFor } from '../ticketing/registry';
import { fitWorkNote, ticketFor } from '../ticketing/ticket-content';
import type { TicketHandle } from '../contracts/ticket';
import { profileOf, type ActivityDeps } from './deps';

export interface TicketActivityInput {
  handoffId: string;
  profile: string;
  chainId: string;
  request: HandoffRequest;
}

export function createTicketActivities(deps: ActivityDeps) {
  return {
    async fileTicket({ profile: name, chainId, request }: TicketActivityInput): Promise<TicketHandle> {
      const profile = profileOf(deps, name);
      const ticket = ticketFor(request, profile.shortDescriptionPrefix, `handoff-${chainId}`);
      return ticketingFor(profile.ticketing, deps.ticketing).file(ticket);
    },

    async appendTicketWorkNote(input: TicketActivityInput & { ticket: TicketHandle; noteKey: string; text: string }): Promise<void> {
      const profile = profileOf(deps, input.profile);
      await ticketingFor(profile.ticketing, deps.ticketing).addWorkNote(input.ticket, input.noteKey, fitWorkNote(input.text));
    },
  };
}
