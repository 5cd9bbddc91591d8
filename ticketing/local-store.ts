import { callHttp } from '../lib/http';
import { ticketingRejected } from '../lib/failures';
import type { TicketHandle } from '../contracts/ticket';
import type { NewTicket, TicketingSystem } from './ticketing';

/** The built-in ticket store, kept by the local desk and reached through its integration API. */
export function localTicketStore({ deskUrl, secret }: { deskUrl: string; secret: string }): TicketingSystem {
  const post = (path: string, body: unknown, what: string) =>
    callHttp(`${deskUrl}/api/integration${path}`, { method: 'POST', body, headers: { 'x-desk-secret': secret } }, ticketingRejected, what);
  return {
    async file(ticket: NewTicket): Promise<TicketHandle> {
      const answer = await post('/tickets', ticket, 'local tickets: file');
      const { number, url } = answer.json as { number: string; url: string };
      return { number, ref: number, url };
    },
    async addWorkNote(ticket: TicketHandle, noteKey: string, text: string): Promise<void> {
      await post(`/tickets/${encodeURIComponent(ticket.ref)}/work-notes`, { noteKey, text }, 'local tickets: add work note');
    },
  };
}
