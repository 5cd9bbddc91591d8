/**
 * How many handoffs are open now, by status: a Temporal visibility count, asked at scrape time and
 * kept a few seconds, so scrapes from several Prometheus servers cost one query. One count grouped
 * by status where the visibility store can group by a custom attribute (Elasticsearch); SQL
 * visibility (the dev server's SQLite, PostgreSQL, as of Temporal 1.29) groups only by
 * `ExecutionStatus`, so there it is one count per open status, and the grouped one is not tried again.
 */
import type { Client } from '@temporalio/client';
import { HandoffStatusKey } from '../workflows/search-attributes';

/** Running handoff workflows by their `HandoffStatus` search attribute. */
export const OPEN_SESSIONS_QUERY = `ExecutionStatus="Running" GROUP BY ${HandoffStatusKey.name}`;

/** Running handoffs in one status, where the store cannot group. */
export function openSessionsQuery(status: string): string {
  return `ExecutionStatus="Running" AND ${HandoffStatusKey.name}="${status}"`;
}

/** The statuses a running handoff is in; each has a series, 0 when none is. */
export const OPEN_STATUSES = ['evaluating', 'queued', 'connected'] as const;

export class OpenSessionCount {
  private cached?: { at: number; counts: Promise<Map<string, number>> };
  /** Whether the store answers OPEN_SESSIONS_QUERY; false once it refused it and answered the counts one by one. */
  private groupBy = true;

  constructor(
    private readonly client: Pick<Client, 'workflow'>,
    /** How long a count is reused. @default 5000 */
    private readonly ttlMs = 5_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts by status; a failed query is not cached, so the next scrape asks again. */
  counts(): Promise<Map<string, number>> {
    const now = this.clock();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.counts;
    const counts = this.query();
    this.cached = { at: now, counts };
    counts.catch(() => {
      if (this.cached?.counts === counts) this.cached = undefined;
    });
    return counts;
  }

  private async query(): Promise<Map<string, number>> {
    if (this.groupBy) {
      try {
        return await this.grouped();
      } catch (error) {
        const counts = await this.oneByOne().catch(() => Promise.reject(error));
        this.groupBy = false;
        return counts;
      }
    }
    return this.oneByOne();
  }

  private async grouped(): Promise<Map<string, number>> {
    const result = await this.client.workflow.count(OPEN_SESSIONS_QUERY);
    const counts = new Map<string, number>(OPEN_STATUSES.map((status) => [status, 0]));
    for (const group of result.groups) {
      // A keyword's value comes as a list of one.
      const value = group.groupValues[0];
      const status = Array.isArray(value) ? value[0] : value;
      // A running handoff that has ended is wrapping up; only its status says so.
      if (typeof status === 'string') counts.set(status, (counts.get(status) ?? 0) + group.count);
    }
    return counts;
  }

  private async oneByOne(): Promise<Map<string, number>> {
    const counts = await Promise.all(
      OPEN_STATUSES.map(async (status) => [status, (await this.client.workflow.count(openSessionsQuery(status))).count] as const),
    );
    return new Map(counts);
  }
}
