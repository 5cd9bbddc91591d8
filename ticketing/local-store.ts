import { postJsonKeptAlive } from '../lib/http';
import { ticketingRejected } from '../lib/failures';
import type { TicketHandle } from '../contracts/ticket';
import type { NewTicket, TicketingSystem } from './ticketing';

/** The built-in ticket store, kept by the local desk and reached through its integration API. */
export function localTicketStore({ deskUrl, secret }: { deskUrl: string; secret: string }): TicketingSystem {
  // Kept alive: a ticket is filed inside every start that files one, before the bot's answer.
  const post = (path: string, body: unknown, what: string) =>
    postJsonKeptAlive(`${deskUrl}/api/integration${path}`, body, { 'x-desk-secret': secret }, ticketingRejected, what);
  return {
    async file(ticket: NewTicket): Promise<TicketHandle> {
      const { number, url } = (await post('/tickets', ticket, 'local tickets: file')) as { number: string; url: string };
      return { number, ref: number, url };
    },
    async updateDescription(ticket: TicketHandle, description: string): Promise<void> {
      await post(`/tickets/${encodeURIComponent(ticket.ref)}/description`, { description }, 'local tickets: update the description');
    },
    async addWorkNote(ticket: TicketHandle, noteKey: string, text: string): Promise<void> {
      await post(`/tickets/${encodeURIComponent(ticket.ref)}/work-notes`, { noteKey, text }, 'local tickets: add work note');
    },
  };
}
