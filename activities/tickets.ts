import type { HandoffRequest } from '../contracts/handoff-request';
import { ticketingFor } from '../ticketing/registry';
import { fitWorkNote, ticketFor } from '../ticketing/ticket-content';
import type { TicketHandle } from '../contracts/ticket';
import type { Decision } from '../contracts/availability';
import type { Summary } from '../contracts/summary';
import { decisionNote } from '../ticketing/decision-note';
import { profileOf, type ActivityDeps } from './deps';

export interface FileTicketInput {
  profile: string;
  /** The ticket's correlation id (`handoff-<chainId>`): filing twice files one ticket. */
  chainId: string;
  /** The bot's request; absent after the start, when the archive has it (the start kept it there). */
  request?: HandoffRequest;
  /** Why a live agent was or was not offered: the work notes say it. */
  decision?: Decision;
  /** What the agent sees first: at the top of the description. */
  summary?: Summary;
}

export interface WorkNoteInput {
  profile: string;
  ticket: TicketHandle;
  /** The note's identity: adding it twice adds it once. */
  noteKey: string;
  text: string;
}

export function createTicketActivities(deps: ActivityDeps) {
  return {
    async fileTicket({ profile: name, chainId, request, decision, summary }: FileTicketInput): Promise<TicketHandle> {
      const profile = profileOf(deps, name);
      const filed = ticketFor(request ?? (await deps.archive.request(chainId)), profile.shortDescriptionPrefix, `handoff-${chainId}`, summary);
      const ticket = decision ? { ...filed, workNotes: fitWorkNote(`${decisionNote(decision)}\n\n${filed.workNotes}`) } : filed;
      return ticketingFor(profile.ticketing, deps.ticketing).file(ticket);
    },

    async appendTicketWorkNote({ profile: name, ticket, noteKey, text }: WorkNoteInput): Promise<void> {
      const profile = profileOf(deps, name);
      await ticketingFor(profile.ticketing, deps.ticketing).addWorkNote(ticket, noteKey, fitWorkNote(text));
    },
  };
}
