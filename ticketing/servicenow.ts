import { ApplicationFailure } from '@temporalio/common';
import type { ServiceNowTicketingOptions } from './options';
import { ticketingRejected } from '../lib/failures';
import { callHttp, type HttpAnswer, type JsonRequest } from '../lib/http';
import type { TicketHandle } from '../contracts/ticket';
import { forgetServiceNowToken, serviceNowAuthorization } from './servicenow-auth';
import type { NewTicket, TicketingSystem } from './ticketing';

interface IncidentRecord {
  number: string;
  sys_id: string;
}

/**
 * Tickets through the ServiceNow Table API. Filing looks the handoff's `correlation_id` up first,
 * and a work note carries a marker that is looked up in `sys_journal_field`, so retries never
 * file or note twice.
 */
export function serviceNowTicketing(options: ServiceNowTicketingOptions, env = process.env): TicketingSystem {
  const base = options.instanceUrl.replace(/\/$/, '');
  const tablePath = `/api/now/table/${options.table}`;

  async function call(path: string, request: JsonRequest, what: string): Promise<HttpAnswer> {
    const attempt = async () =>
      callHttp(`${base}${path}`, { ...request, headers: { authorization: await serviceNowAuthorization(base, options.auth, env) } }, ticketingRejected, what);
    try {
      return await attempt();
    } catch (error) {
      const status = error instanceof ApplicationFailure ? (error.details?.[0] as { status?: number } | undefined)?.status : undefined;
      if (status !== 401 || options.auth.type !== 'oauth') throw error;
      forgetServiceNowToken(base, options.auth, env);
      return attempt();
    }
  }

  const handle = (record: IncidentRecord): TicketHandle => ({
    number: record.number,
    ref: record.sys_id,
    url: `${base}/nav_to.do?uri=${options.table}.do?sys_id=${record.sys_id}`,
  });

  const records = (answer: HttpAnswer, what: string): IncidentRecord[] => {
    const result = (answer.json as { result?: unknown } | undefined)?.result;
    if (!Array.isArray(result)) throw ticketingRejected(`${what}: the answer has no result list`);
    return result as IncidentRecord[];
  };

  return {
    async file(ticket: NewTicket): Promise<TicketHandle> {
      const query = new URLSearchParams({
        sysparm_query: `correlation_id=${ticket.correlationId}`,
        sysparm_fields: 'number,sys_id',
        sysparm_limit: '1',
      });
      const existing = records(await call(`${tablePath}?${query}`, {}, 'ServiceNow: look up ticket'), 'ServiceNow: look up ticket');
      if (existing[0]) return handle(existing[0]);
      const created = await call(
        tablePath,
        {
          body: {
            short_description: ticket.shortDescription,
            description: ticket.description,
            work_notes: ticket.workNotes,
            correlation_id: ticket.correlationId,
            correlation_display: 'Handoff',
            ...(options.assignmentGroup && { assignment_group: options.assignmentGroup }),
            ...(options.category && { category: options.category }),
          },
        },
        'ServiceNow: file ticket',
      );
      const record = (created.json as { result?: IncidentRecord } | undefined)?.result;
      if (!record?.number || !record.sys_id) throw ticketingRejected('ServiceNow: file ticket: the answer has no number and sys_id');
      return handle(record);
    },

    async updateDescription(ticket: TicketHandle, description: string): Promise<void> {
      await call(`${tablePath}/${ticket.ref}`, { method: 'PATCH', body: { description } }, 'ServiceNow: update the description');
    },

    async addWorkNote(ticket: TicketHandle, noteKey: string, text: string): Promise<void> {
      const marker = `[handoff-note:${noteKey}]`;
      const query = new URLSearchParams({
        sysparm_query: `element_id=${ticket.ref}^element=work_notes^valueLIKE${marker}`,
        sysparm_fields: 'sys_id',
        sysparm_limit: '1',
      });
      const noted = records(await call(`/api/now/table/sys_journal_field?${query}`, {}, 'ServiceNow: look up work note'), 'ServiceNow: look up work note');
      if (noted.length > 0) return;
      await call(`${tablePath}/${ticket.ref}`, { method: 'PATCH', body: { work_notes: `${text}\n\n${marker}` } }, 'ServiceNow: add work note');
    },
  };
}
