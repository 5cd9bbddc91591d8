import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffApiError, HandoffClient, HandoffRequestInvalidError, HandoffUnreachableError } from '../../clients/typescript/src/index.js';

/** A stand-in API that records what it was asked and answers as Handoff answers errors. */
const asked: { method: string; url: string; auth?: string; body: unknown }[] = [];
let server: Server;
let baseUrl = '';
beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.all('/{*rest}', (req, res) => {
    asked.push({ method: req.method, url: req.originalUrl, auth: req.header('authorization'), body: req.body });
    if (req.originalUrl.endsWith('/messages')) res.status(409).json({ error: { code: 'session_not_open', message: 'the session is closed' } });
    else res.json({ id: 'handoff/default/c-1', status: 'queued' });
  });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('HandoffClient', () => {
  it('calls the typed route with the bot token and the handoff id encoded as one path segment', async () => {
    const client = new HandoffClient({ baseUrl: `${baseUrl}/`, apiToken: 'bot-token' });
    await client.view('handoff/default/c-1');
    await client.transcript({ id: 'handoff/default/c-1' }, { after: 3, limit: 10 });
    expect(asked.slice(-2)).toEqual([
      { method: 'GET', url: '/v1/handoffs/handoff%2Fdefault%2Fc-1', auth: 'Bearer bot-token', body: undefined },
      { method: 'GET', url: '/v1/handoffs/handoff%2Fdefault%2Fc-1/transcript?after=3&limit=10', auth: 'Bearer bot-token', body: undefined },
    ]);
  });

  it("throws Handoff's error answer as a HandoffApiError with its status, code and words", async () => {
    const client = new HandoffClient({ baseUrl, apiToken: 'bot-token' });
    const failed = client.sendMessage('handoff/default/c-1', { messageId: 'm-1', text: 'hi' });
    await expect(failed).rejects.toThrow(new HandoffApiError(409, 'session_not_open', 'the session is closed'));
    await expect(failed).rejects.toMatchObject({ name: 'HandoffApiError', status: 409, code: 'session_not_open' });
  });

  it('refuses a body that breaks the contract before sending it, naming every failing path', async () => {
    const client = new HandoffClient({ baseUrl, apiToken: 'bot-token' });
    const before = asked.length;
    const start = client.start({ conversationId: '', user: { id: 'u-1', email: 'not-an-email' }, issue: { lastUtterance: 'hi' } } as never);
    await expect(start).rejects.toBeInstanceOf(HandoffRequestInvalidError);
    await expect(start).rejects.toThrow(/^the handoff request breaks the contract: conversationId: .*; user\.email: /);
    expect(asked.length).toBe(before);
  });

  it('throws HandoffUnreachableError when nothing answers', async () => {
    const client = new HandoffClient({ baseUrl: 'http://127.0.0.1:1', apiToken: 'bot-token' });
    await expect(client.view('handoff/default/c-1')).rejects.toThrow(HandoffUnreachableError);
    await expect(client.view('handoff/default/c-1')).rejects.toThrow(
      'Handoff did not answer at http://127.0.0.1:1/v1/handoffs/handoff%2Fdefault%2Fc-1; is its API running?',
    );
  });
});
