import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, HandoffStack } from '../support/stack';

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ workerMetrics: true });
});
afterAll(async () => {
  await stack?.stop();
});

async function scrape(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one series, 0 when absent; `labels` as Prometheus prints them (sorted as registered). */
function sample(text: string, name: string, labels = ''): number {
  const series = labels ? `${name}{${labels}}` : name;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const workerMetrics = () => scrape(stack.workerMetricsUrl);
const apiMetrics = () => scrape(`${stack.apiUrl}/metrics`);

async function chatOf(handoffId: string): Promise<string> {
  return eventually(() => {
    const chat = stack.chatFor(handoffId);
    if (!chat) throw new Error('no desk chat yet');
    return chat.chatId;
  });
}

async function statusOf(handoffId: string, status: string): Promise<void> {
  await eventually(async () => expect((await stack.call('GET', stack.handoffPath(handoffId))).body.status).toBe(status));
}

describe('metrics as a handoff moves', () => {
  it('counts the start with its labels, observes the time to an agent and the relays, and counts the end with status and reason', async () => {
    const before = await workerMetrics();
    const started = 'handoff_started_total';
    const startedLabels = 'mode="broker",platform="local-desk",profile="default"';
    const ended = 'handoff_ended_total';
    const endedLabels = 'status="closed",reason="agent-closed"';

    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    expect(handoff.status).toBe('queued');
    await eventually(async () => expect(sample(await workerMetrics(), started, startedLabels)).toBe(sample(before, started, startedLabels) + 1));
    let now = await workerMetrics();
    expect(sample(now, 'handoff_time_to_agent_seconds_count')).toBe(sample(before, 'handoff_time_to_agent_seconds_count'));

    // The API counts the open handoffs by status from Temporal's visibility.
    await eventually(async () => expect(sample(await apiMetrics(), 'handoff_open_sessions', 'status="queued"')).toBeGreaterThanOrEqual(1), 30_000, 500);

    const chatId = await chatOf(handoff.id);
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/accept`, { agentName: 'Grace' })).status).toBe(200);
    await statusOf(handoff.id, 'connected');
    await eventually(async () => {
      now = await workerMetrics();
      expect(sample(now, 'handoff_time_to_agent_seconds_count')).toBe(sample(before, 'handoff_time_to_agent_seconds_count') + 1);
      expect(sample(now, 'handoff_queue_wait_seconds_count')).toBe(sample(before, 'handoff_queue_wait_seconds_count') + 1);
    });
    expect(sample(now, 'handoff_time_to_agent_seconds_bucket', 'le="+Inf"')).toBe(sample(now, 'handoff_time_to_agent_seconds_count'));
    expect(sample(now, ended, endedLabels)).toBe(sample(before, ended, endedLabels));

    expect((await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'm-1', text: 'still there?' })).status).toBe(202);
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'Yes, I am' })).status).toBe(201);
    await eventually(async () => {
      now = await workerMetrics();
      expect(sample(now, 'handoff_relay_latency_seconds_count', 'direction="toAgent"')).toBeGreaterThan(
        sample(before, 'handoff_relay_latency_seconds_count', 'direction="toAgent"'),
      );
      expect(sample(now, 'handoff_relay_latency_seconds_count', 'direction="toBot"')).toBeGreaterThan(
        sample(before, 'handoff_relay_latency_seconds_count', 'direction="toBot"'),
      );
    });

    expect((await stack.call('POST', `/desk/api/chats/${chatId}/close`)).status).toBe(200);
    await statusOf(handoff.id, 'closed');
    await eventually(async () => expect(sample(await workerMetrics(), ended, endedLabels)).toBe(sample(before, ended, endedLabels) + 1));
    // No handoff id ever becomes a label.
    expect(await workerMetrics()).not.toContain(handoff.conversationId);
  });

  it('counts an abandoned wait in the queue wait, not in the time to an agent', async () => {
    const before = await workerMetrics();
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request())).body;
    expect((await stack.call('POST', stack.handoffPath(handoff.id, '/cancel'))).status).toBe(200);
    await eventually(async () => {
      const now = await workerMetrics();
      expect(sample(now, 'handoff_ended_total', 'status="cancelled",reason="user-left"')).toBe(
        sample(before, 'handoff_ended_total', 'status="cancelled",reason="user-left"') + 1,
      );
      expect(sample(now, 'handoff_queue_wait_seconds_count')).toBe(sample(before, 'handoff_queue_wait_seconds_count') + 1);
      expect(sample(now, 'handoff_time_to_agent_seconds_count')).toBe(sample(before, 'handoff_time_to_agent_seconds_count'));
    });
  });
});

describe('webhook rejections', () => {
  it('counts a local-desk delivery with a bad signature as why="signature"', async () => {
    const series = ['handoff_webhook_rejected_total', 'platform="local-desk",why="signature"'] as const;
    const before = sample(await apiMetrics(), ...series);
    const body = JSON.stringify({ type: 'agent.message', chatId: 'c-1', eventId: 'e-1', text: 'forged', at: new Date().toISOString() });
    const answer = await fetch(`${stack.apiUrl}/v1/webhooks/local-desk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-desk-timestamp': String(Math.floor(Date.now() / 1000)), 'x-desk-signature': 'v1=00' },
      body,
    });
    expect(answer.status).toBe(401);
    expect(sample(await apiMetrics(), ...series)).toBe(before + 1);
  });
});

describe("the worker's endpoint", () => {
  it("serves the SDK's own task slot and latency metrics with the worker's", async () => {
    const text = await eventually(async () => {
      const scraped = await workerMetrics();
      expect(scraped).toContain('temporal_workflow_task_schedule_to_start_latency');
      return scraped;
    });
    expect(text).toMatch(/^temporal_worker_task_slots_available\{.*worker_type="WorkflowWorker".*\} \d+/m);
    expect(text).toMatch(new RegExp(`^temporal_workflow_task_schedule_to_start_latency_bucket\\{.*task_queue="${stack.taskQueue}"`, 'm'));
    expect(text).toContain('# TYPE handoff_started_total counter');
  });
});

describe('who may read /metrics', () => {
  it('refuses a request that came through a proxy, on the API and the worker, with the error shape', async () => {
    for (const url of [`${stack.apiUrl}/metrics`, stack.workerMetricsUrl]) {
      const answer = await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(answer.status).toBe(401);
      expect(await answer.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('HANDOFF_METRICS_TOKEN') } });
    }
  });

  it('is not under the bot token or its rate limits', async () => {
    const answer = await fetch(`${stack.apiUrl}/metrics`, { headers: { authorization: 'Bearer wrong' } });
    expect(answer.status).toBe(200);
  });
});
