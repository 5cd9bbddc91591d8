/**
 * The webhook pipeline's freshness window and event-id memory, on the local desk's adapter (signed
 * per attempt) with a stand-in for the handoff service: a replayed delivery and a stale one are
 * refused with 401 and never reach a handoff; a delivery answered 503 stays redeliverable.
 */
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { errorHandler } from '../../api/error-handler';
import type { HandoffService } from '../../api/handoff-service';
import { webhookPipeline } from '../../api/webhook-pipeline';
import { parseConfig } from '../../config/load';
import type { AgentEvent } from '../../contracts/agent-event';
import { UnavailableError } from '../../lib/api-errors';
import { keepRawBody } from '../../lib/raw-body';
import type { PlatformDeps } from '../../platforms/define';
import { PLATFORMS } from '../../platforms/index';
import { signedDeskHeaders } from '../../platforms/local-desk/delivery-signature';
import { AcceptedEventIds } from '../../platforms/shared/accepted-event-ids';
import type { WebhookFreshness } from '../../platforms/shared/webhook-freshness';

const SECRET = 'desk-secret-for-the-freshness-test';
const HANDOFF = 'handoff/default/c-1';
const config = parseConfig('profiles:\n  default:\n    mode: broker\n    platform: local-desk\n', 'test config');

interface Receiver {
  url: string;
  delivered: AgentEvent[];
  /** Answer the next N deliveries as Temporal being unreachable. */
  failNext: number;
  /** The pipeline's clock. */
  now: number;
}

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function receiver(freshness?: WebhookFreshness): Promise<Receiver> {
  const state: Receiver = { url: '', delivered: [], failNext: 0, now: Date.now() };
  const service = {
    async deliverAgentEvent(_handoffId: string, event: AgentEvent) {
      if (state.failNext > 0) {
        state.failNext--;
        throw new UnavailableError();
      }
      state.delivered.push(event);
      return 'delivered' as const;
    },
  } as unknown as HandoffService;
  const platformDeps: PlatformDeps = {
    env: {},
    publicUrl: 'http://127.0.0.1',
    localDesk: { deskUrl: 'http://127.0.0.1/desk', secret: SECRET },
    log: () => undefined,
    clock: () => state.now,
    ...(freshness && { webhookFreshness: freshness }),
  };
  const app = express();
  app.use(express.json({ verify: keepRawBody }));
  app.use(webhookPipeline({ platforms: PLATFORMS.filter((p) => p.id === 'local-desk'), platformDeps, service, config }).router);
  app.use(errorHandler(() => undefined));
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/webhooks/local-desk`;
  return state;
}

function event(eventId: string, text = 'hello'): string {
  return JSON.stringify({ eventId, chatId: 'chat-1', handoffId: HANDOFF, at: new Date().toISOString(), type: 'agent.message', text });
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; code?: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const answer = (await response.json()) as { error?: { code: string } };
  return { status: response.status, ...(answer.error && { code: answer.error.code }) };
}

describe('webhook freshness and replays (local desk)', () => {
  it('accepts a fresh delivery once; the same bytes again, or the event signed anew, are refused as replayed', async () => {
    const hook = await receiver();
    const body = event('desk-1');
    const headers = signedDeskHeaders(SECRET, body, hook.now);

    expect(await post(hook.url, body, headers)).toEqual({ status: 202 });
    expect(await post(hook.url, body, headers)).toEqual({ status: 401, code: 'webhook_replayed' });
    expect(await post(hook.url, body, signedDeskHeaders(SECRET, body, hook.now + 1_000))).toEqual({ status: 401, code: 'webhook_replayed' });
    expect(hook.delivered.map((e) => e.eventId)).toEqual(['desk-1']);
    // Another event of the same chat is not a replay.
    expect(await post(hook.url, event('desk-2'), signedDeskHeaders(SECRET, event('desk-2'), hook.now))).toEqual({ status: 202 });
  });

  it('refuses a delivery dated before the window or too far ahead, and one neither dated nor signed, and delivers nothing', async () => {
    const hook = await receiver();
    const body = event('desk-3');
    expect(await post(hook.url, body, signedDeskHeaders(SECRET, body, hook.now - 6 * 60_000))).toEqual({ status: 401, code: 'webhook_stale' });
    expect(await post(hook.url, body, signedDeskHeaders(SECRET, body, hook.now + 6 * 60_000))).toEqual({ status: 401, code: 'webhook_stale' });
    expect(await post(hook.url, body, { 'x-desk-signature': signedDeskHeaders(SECRET, body)['x-desk-signature']! })).toEqual({
      status: 401,
      code: 'unauthorized',
    });
    // A timestamp moved into the window without a new signature is no signature of ours.
    const old = signedDeskHeaders(SECRET, body, hook.now - 6 * 60_000);
    expect(await post(hook.url, body, { ...old, 'x-desk-timestamp': String(Math.floor(hook.now / 1_000)) })).toEqual({ status: 401, code: 'unauthorized' });
    expect(await post(hook.url, event('desk-3', 'changed'), signedDeskHeaders(SECRET, body, hook.now))).toEqual({ status: 401, code: 'unauthorized' });
    expect(hook.delivered).toEqual([]);
  });

  it('keeps a delivery answered 503 redeliverable: its ids are remembered only once it was accepted', async () => {
    const hook = await receiver();
    hook.failNext = 1;
    const body = event('desk-4');
    expect(await post(hook.url, body, signedDeskHeaders(SECRET, body, hook.now))).toEqual({ status: 503, code: 'temporal_unavailable' });
    expect(await post(hook.url, body, signedDeskHeaders(SECRET, body, hook.now))).toEqual({ status: 202 });
    expect(hook.delivered.map((e) => e.eventId)).toEqual(['desk-4']);
  });

  it('takes its window from the settings, and a capture replayed after the window is stale', async () => {
    const hook = await receiver({ deliveryMaxAgeMs: 60_000, eventMaxAgeMs: 3_600_000 });
    const body = event('desk-5');
    const headers = signedDeskHeaders(SECRET, body, hook.now - 90_000);
    expect(await post(hook.url, body, headers)).toEqual({ status: 401, code: 'webhook_stale' });

    const fresh = signedDeskHeaders(SECRET, body, hook.now);
    expect(await post(hook.url, body, fresh)).toEqual({ status: 202 });
    hook.now += 10 * 60_000;
    expect(await post(hook.url, body, fresh)).toEqual({ status: 401, code: 'webhook_stale' });
  });
});

describe('the memory of accepted event ids', () => {
  it('keeps an id as long as told, and at most its capacity', () => {
    const ids = new AcceptedEventIds(1_000, 2);
    ids.remember(['a'], 0);
    expect(ids.allAccepted(['a'], 1_000)).toBe(true);
    expect(ids.allAccepted(['a'], 1_001)).toBe(false);
    expect(ids.allAccepted([], 0)).toBe(false);
    ids.remember(['b', 'c', 'd'], 0);
    expect(ids.allAccepted(['b'], 0)).toBe(false);
    expect(ids.allAccepted(['c', 'd'], 0)).toBe(true);
    expect(ids.allAccepted(['c', 'x'], 0)).toBe(false);
    const forever = new AcceptedEventIds(Number.POSITIVE_INFINITY);
    forever.remember(['a'], 0);
    expect(forever.allAccepted(['a'], Number.MAX_SAFE_INTEGER)).toBe(true);
  });
});
