/**
 * Traces across the system: the API's request, the Temporal client call, the workflow, its
 * activities and the platform's HTTP, in one trace per handoff start and one per relayed message.
 * Spans go to an in-memory exporter; the stack is built after tracing starts, as the processes do.
 */
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../observability/tracing';
import { eventually, HandoffStack } from '../support/stack';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let stack: HandoffStack;
beforeAll(async () => {
  tracing = startTracing({ serviceName: 'handoff-test', exporter });
  stack = await HandoffStack.start({ tracing });
});
afterAll(async () => {
  await stack?.stop();
  await tracing?.shutdown();
});

const spans = () => exporter.getFinishedSpans();
const traceOf = (span: ReadableSpan) => spans().filter((other) => other.spanContext().traceId === span.spanContext().traceId);

function spanNamed(name: string, where: (span: ReadableSpan) => boolean = () => true): ReadableSpan {
  const found = spans().find((span) => span.name === name && where(span));
  if (!found) throw new Error(`no span ${name} yet among ${[...new Set(spans().map((span) => span.name))].join(', ')}`);
  return found;
}

/** The names from the trace's root (the test's own `fetch`, as a bot's) down to `span`, following each span's parent. */
function chainTo(span: ReadableSpan): string[] {
  const byId = new Map(traceOf(span).map((other) => [other.spanContext().spanId, other]));
  const chain: string[] = [];
  for (let at: ReadableSpan | undefined = span; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) {
    chain.unshift(at.name);
    if (at.parentSpanId && !byId.has(at.parentSpanId)) chain.unshift(`<missing parent of ${at.name}>`);
  }
  return chain;
}

/** The chain from the API's server span `from` down to `span`. */
function chainFrom(from: string, span: ReadableSpan): string[] {
  const chain = chainTo(span);
  return chain.includes(from) ? chain.slice(chain.indexOf(from)) : chain;
}

/** The server span of the desk's integration API for a call made inside `activity`'s trace. */
function deskCallUnder(root: ReadableSpan, activityType: string): ReadableSpan {
  const found = traceOf(root).find(
    (span) => span.kind === SpanKind.SERVER && span.name.startsWith('POST /desk/api/integration') && chainTo(span).includes(`RunActivity:${activityType}`),
  );
  if (!found)
    throw new Error(
      `no desk call under RunActivity:${activityType} yet in ${traceOf(root)
        .map((span) => span.name)
        .join(', ')}`,
    );
  return found;
}

async function chatOf(handoffId: string): Promise<string> {
  return eventually(() => {
    const chat = stack.chatFor(handoffId);
    if (!chat) throw new Error('no desk chat yet');
    return chat.chatId;
  });
}

describe('traces', () => {
  it('follow a start from the API through the workflow to its activities and the platform, and each relayed message in a trace of its own', async () => {
    const request = stack.request();
    const handoff = (await stack.call('POST', '/v1/handoffs', request)).body;
    expect(handoff.status).toBe('queued');
    const chatId = await chatOf(handoff.id);
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/accept`, { agentName: 'Grace' })).status).toBe(200);
    await eventually(async () => expect((await stack.call('GET', stack.handoffPath(handoff.id))).body.status).toBe('connected'));

    const userText = 'my password is hunter2, please reset it';
    expect((await stack.call('POST', stack.handoffPath(handoff.id, '/messages'), { messageId: 'm-1', text: userText })).status).toBe(202);
    const agentText = 'Resetting it now, Ada';
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: agentText })).status).toBe(201);
    await eventually(() => expect(stack.bot.eventsFor(handoff.id).some((event) => event.type === 'agent.message')).toBe(true));
    expect((await stack.call('POST', `/desk/api/chats/${chatId}/close`)).status).toBe(200);

    // The start: API → update-with-start → (the workflow carries the context, making no span) → the start's activity → the platform's HTTP.
    const started = spanNamed('POST /v1/handoffs');
    expect(started.kind).toBe(SpanKind.SERVER);
    const placed = await eventually(() => deskCallUnder(started, 'startHandoff'));
    expect(chainFrom('POST /v1/handoffs', placed)).toEqual([
      'POST /v1/handoffs',
      'UpdateWithStartWorkflow:startHandoff',
      'RunActivity:startHandoff',
      'POST',
      placed.name,
    ]);
    const startActivity = spanNamed('RunActivity:startHandoff', (span) => span.spanContext().traceId === started.spanContext().traceId);
    expect(startActivity.resource.attributes['service.name']).toBe('handoff-test');
    expect(spans().some((span) => span.name.startsWith('RunWorkflow:') || span.name.startsWith('HandleUpdate:'))).toBe(false);

    // The user's message: API → update → delivery activity → the platform's HTTP.
    const relayed = spanNamed('POST /v1/handoffs/:id/messages');
    expect(relayed.spanContext().traceId).not.toBe(started.spanContext().traceId);
    const delivered = await eventually(() => deskCallUnder(relayed, 'deliverToPlatform'));
    expect(chainFrom('POST /v1/handoffs/:id/messages', delivered)).toEqual([
      'POST /v1/handoffs/:id/messages',
      'StartWorkflowUpdate:userMessage',
      'RunActivity:deliverToPlatform',
      'POST',
      delivered.name,
    ]);

    // The bot's callbacks: handoff.started under the start's trace; the agent's message under its
    // own, the desk's webhook → signal → the bot's callback.
    const botCallbacks = () => spans().filter((span) => span.kind === SpanKind.CLIENT && chainTo(span).includes('RunActivity:deliverToBot'));
    const underStart = (span: ReadableSpan) => span.spanContext().traceId === started.spanContext().traceId;
    await eventually(() => expect(botCallbacks().filter(underStart)).not.toHaveLength(0));
    const botCallback = await eventually(() => {
      const found = botCallbacks().find((span) => !underStart(span));
      if (!found) throw new Error('no callback of the agent yet');
      return found;
    });
    expect(chainTo(botCallback)).toEqual(expect.arrayContaining(['POST /v1/webhooks/:platform', 'SignalWorkflow:agentEvent', 'RunActivity:deliverToBot']));

    // Ids and types only: no e-mail, name, utterance or message text, no query string, in any span.
    const exported = JSON.stringify(spans().map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })));
    for (const personal of ['ada@example.com', 'Ada Lovelace', 'My VPN keeps dropping', userText, agentText, 'hunter2']) {
      expect(exported).not.toContain(personal);
    }
    expect(exported).not.toContain('?');
  });
});
