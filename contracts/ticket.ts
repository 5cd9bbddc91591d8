/** A filed ticket: `ref` is the ticketing system's own id (a sys_id, a local number). */
export interface TicketHandle {
  number: string;
  ref: string;
  url?: string;
}
