import type { TicketHandle } from '../contracts/ticket';

export interface NewTicket {
  /** Stable per handoff: filing twice with it returns the first ticket. */
  correlationId: string;
  shortDescription: string;
  description: string;
  workNotes: string;
  callerEmail?: string;
}

/**
 * A ticketing system. Both calls are idempotent: `file` by `correlationId`, `addWorkNote` by
 * `noteKey`, because the activities that call them are retried.
 */
export interface TicketingSystem {
  file(ticket: NewTicket): Promise<TicketHandle>;
  addWorkNote(ticket: TicketHandle, noteKey: string, text: string): Promise<void>;
  /** Replaces the description (a model's summary arrived after the ticket was filed); idempotent by nature. */
  updateDescription(ticket: TicketHandle, description: string): Promise<void>;
}
