import { describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { UnauthorizedError, ValidationError, UnavailableError } from '../../lib/api-errors';
import { ApiMetrics } from '../../observability/api-metrics';
import { ENDED_REASON } from '../../observability/metric-names';
import { OPEN_SESSIONS_QUERY, OpenSessionCount, openSessionsQuery } from '../../observability/open-sessions';
import { rejectionOf } from '../../observability/webhook-rejection';
import { workflowMetricSinks } from '../../observability/workflow-metrics';
import { WorkerMetrics } from '../../observability/worker-metrics';
import { WebhookReplayedError, WebhookStaleError } from '../../platforms/shared/webhook-refusals';
import { ENDINGS } from '../../workflows/endings';

const info = {} as never;

describe("the worker's handoff metrics", () => {
  it('counts the sink facts under the spec names, with bounded labels', async () => {
    const metrics = new WorkerMetrics();
    const sinks = workflowMetricSinks(metrics).handoffMetrics;
    await sinks.started.fn(info, { mode: 'broker', platform: 'local-desk', profile: 'default' });
    await sinks.leftQueue.fn(info, { waitedSeconds: 12, toAgent: true, timeToAgentSeconds: 13 });
    await sinks.leftQueue.fn(info, { waitedSeconds: 400, toAgent: false });
    await sinks.ended.fn(info, { status: 'closed', cause: 'agentClosed' });
    await sinks.ended.fn(info, { status: 'abandoned', cause: 'noAgentAccepted' });
    metrics.relayed('toAgent', 0.2);
    metrics.relayed('toBot', -1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('handoff_started_total{mode="broker",platform="local-desk",profile="default"} 1');
    expect(text).toContain('handoff_ended_total{status="closed",reason="agent-closed"} 1');
    expect(text).toContain('handoff_ended_total{status="abandoned",reason="no-agent-accepted"} 1');
    expect(text).toContain('handoff_time_to_agent_seconds_count 1');
    expect(text).toContain('handoff_time_to_agent_seconds_sum 13');
    expect(text).toContain('handoff_queue_wait_seconds_count 2');
    expect(text).toContain('handoff_relay_latency_seconds_count{direction="toAgent"} 1');
    expect(text).toContain('handoff_relay_latency_seconds_sum{direction="toBot"} 0');
    expect(text).toContain('# TYPE handoff_survey_rating histogram');
  });

  it('never calls the sink during replay, so a replayed task does not count twice', () => {
    const sinks = workflowMetricSinks(new WorkerMetrics()).handoffMetrics;
    for (const sink of Object.values(sinks)) expect(sink.callDuringReplay).toBe(false);
  });

  it('keeps a registry per worker, so two workers in one process do not collide', async () => {
    const one = new WorkerMetrics();
    const two = new WorkerMetrics();
    one.handoffStarted({ mode: 'url', platform: 'glia', profile: 'p' });
    expect(await two.registry.metrics()).not.toContain('platform="glia"');
  });

  it('has a reason label for every ending, from a small closed set of words', () => {
    expect(Object.keys(ENDED_REASON).sort()).toEqual(Object.keys(ENDINGS).sort());
    for (const label of Object.values(ENDED_REASON)) expect(label).toMatch(/^[a-z-]+$/);
  });
});

describe('webhook rejections', () => {
  it('sorts the refusals into signature, stale, replayed and invalid, and leaves the rest out', () => {
    expect(rejectionOf(new UnauthorizedError('local desk signature refused'))).toBe('signature');
    expect(rejectionOf(new WebhookStaleError('old'))).toBe('stale');
    expect(rejectionOf(new WebhookReplayedError('again'))).toBe('replayed');
    expect(rejectionOf(new ValidationError('bad body'))).toBe('invalid');
    expect(rejectionOf(new UnavailableError())).toBeUndefined();
    expect(rejectionOf(new Error('boom'))).toBeUndefined();
  });

  it('counts them by platform and why on the API', async () => {
    const metrics = new ApiMetrics();
    metrics.rejected('local-desk', 'signature');
    metrics.rejected('local-desk', 'signature');
    expect(await metrics.registry.metrics()).toContain('handoff_webhook_rejected_total{platform="local-desk",why="signature"} 2');
  });
});

describe('open sessions', () => {
  function fakeClient(answers: Array<() => Promise<unknown>>) {
    const queries: string[] = [];
    const client = {
      workflow: {
        count: (query: string) => {
          queries.push(query);
          return answers.shift()!();
        },
      },
    } as unknown as Client;
    return { client, queries };
  }
  const grouped = {
    count: 4,
    groups: [
      { count: 3, groupValues: ['queued'] },
      { count: 1, groupValues: ['closed'] },
    ],
  };

  it('counts running handoffs by status at scrape time, 0 for an open status with none, once per few seconds', async () => {
    let now = 0;
    const { client, queries } = fakeClient([async () => grouped, async () => grouped]);
    const metrics = new ApiMetrics({ openSessions: new OpenSessionCount(client, 5_000, () => now) });
    const text = await metrics.registry.metrics();
    expect(text).toContain('handoff_open_sessions{status="queued"} 3');
    expect(text).toContain('handoff_open_sessions{status="connected"} 0');
    expect(text).toContain('handoff_open_sessions{status="closed"} 1');
    now = 4_000;
    await metrics.registry.metrics();
    expect(queries).toEqual([OPEN_SESSIONS_QUERY]);
    now = 6_000;
    await metrics.registry.metrics();
    expect(queries).toHaveLength(2);
    expect(OPEN_SESSIONS_QUERY).toBe('ExecutionStatus="Running" GROUP BY HandoffStatus');
  });

  it('counts one open status at a time where the store cannot group by status, and stops trying to group', async () => {
    const refused = () => Promise.reject(new Error('Failed to count workflows'));
    const one = (count: number) => async () => ({ count, groups: [] });
    const { client, queries } = fakeClient([refused, one(0), one(2), one(1), one(0), one(5), one(1)]);
    const count = new OpenSessionCount(client, 0);
    expect(await count.counts()).toEqual(
      new Map([
        ['evaluating', 0],
        ['queued', 2],
        ['connected', 1],
      ]),
    );
    expect(await count.counts()).toEqual(
      new Map([
        ['evaluating', 0],
        ['queued', 5],
        ['connected', 1],
      ]),
    );
    expect(queries).toEqual([OPEN_SESSIONS_QUERY, ...Array(2).fill(['evaluating', 'queued', 'connected'].map(openSessionsQuery)).flat()]);
    expect(openSessionsQuery('queued')).toBe('ExecutionStatus="Running" AND HandoffStatus="queued"');
  });

  it('reads a grouped keyword value that comes as a list of one', async () => {
    const { client } = fakeClient([async () => ({ count: 2, groups: [{ count: 2, groupValues: [['connected']] }] })]);
    expect((await new OpenSessionCount(client).counts()).get('connected')).toBe(2);
  });

  it('answers the scrape without them when Temporal cannot count, and asks again next time', async () => {
    const logged: string[] = [];
    const down = () => Promise.reject(new Error('unavailable'));
    const { client, queries } = fakeClient([down, down, down, down, async () => grouped]);
    const metrics = new ApiMetrics({ openSessions: new OpenSessionCount(client), log: (message) => logged.push(message) });
    expect(await metrics.registry.metrics()).not.toContain('handoff_open_sessions{');
    expect(logged).toEqual(['metrics: cannot count the open handoffs']);
    // Temporal was down, not refusing the grouped count: it is asked grouped again.
    expect(await metrics.registry.metrics()).toContain('handoff_open_sessions{status="queued"} 3');
    expect(queries.at(-1)).toBe(OPEN_SESSIONS_QUERY);
  });
});
