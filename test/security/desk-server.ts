/**
 * The local desk alone over real HTTP, without Temporal: its router under `/desk` with the API's
 * JSON parser and error handler, as the API process mounts it. For the desk's security tests.
 */
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { errorHandler } from '../../api/error-handler';
import { JSON_BODY_LIMIT_BYTES, jsonBody } from '../../api/json-body';
import { createLocalDesk, type LocalDesk, type LocalDeskOptions } from '../../apps/desk';

export const AGENT = { name: 'Grace', password: 'a long enough password' };
export const DESK_SECRET = 'desk-secret-for-the-tests';

/** A fetch answer whose JSON the tests read freely. */
export type TestAnswer = Omit<Response, 'json'> & { json(): Promise<any> };

export interface DeskServer {
  url: string;
  desk: LocalDesk;
  dataDir: string;
  /** `fetch` of a path under the server; `cookie` and `json` fill in headers and body. */
  fetch(urlPath: string, init?: RequestInit & { cookie?: string; json?: unknown }): Promise<TestAnswer>;
  /** Signs `AGENT` (or another) in; answers the `name=value` of the session cookie. */
  signIn(agent?: { name: string; password: string }): Promise<string>;
  /** A chat in the desk's queue, as the local-desk connector makes one; with its join link. */
  newChat(mode?: 'api' | 'broker'): Promise<{ chatId: string; joinUrl: string }>;
  close(): Promise<void>;
}

export async function startDeskServer(options: Partial<LocalDeskOptions> & { publicUrl?: string } = {}): Promise<DeskServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'desk-security-'));
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const desk = createLocalDesk({
    filename: path.join(dataDir, 'local-desk.sqlite'),
    secret: DESK_SECRET,
    webhookUrl: () => `${url}/v1/webhooks/local-desk`,
    deskUrl: () => `${url}/desk`,
    publicUrl: url,
    ...options,
  });
  await desk.saveAgent(AGENT.name, AGENT.password);
  const app = express();
  app.use(jsonBody(JSON_BODY_LIMIT_BYTES));
  app.use('/desk', desk.router);
  app.use(errorHandler(() => undefined));
  server.on('request', app);

  const call: DeskServer['fetch'] = (urlPath, { cookie, json, headers, ...init } = {}) =>
    fetch(`${url}${urlPath}`, {
      redirect: 'manual',
      ...init,
      headers: { ...(cookie && { cookie }), ...(json !== undefined && { 'content-type': 'application/json' }), ...(headers as Record<string, string>) },
      ...(json !== undefined && { body: JSON.stringify(json) }),
    });

  let chats = 0;
  return {
    url,
    desk,
    dataDir,
    fetch: call,
    async signIn(agent = AGENT) {
      const answer = await call('/desk/api/session', { method: 'POST', json: agent });
      if (answer.status !== 204) throw new Error(`sign-in answered ${answer.status}`);
      return answer.headers.getSetCookie()[0]!.split(';')[0]!;
    },
    async newChat(mode = 'api') {
      chats += 1;
      const answer = await call('/desk/api/integration/chats', {
        method: 'POST',
        headers: { 'x-desk-secret': DESK_SECRET },
        json: {
          idempotencyKey: `chat-${chats}-${Date.now()}`,
          handoffId: `handoff/api/${chats}`,
          mode,
          queue: 'General',
          user: { id: 'u1', name: 'Ada Lovelace', email: 'ada@example.com' },
          lastUtterance: 'My VPN keeps dropping',
        },
      });
      if (answer.status !== 201) throw new Error(`creating a chat answered ${answer.status}`);
      return (await answer.json()) as { chatId: string; joinUrl: string };
    },
    async close() {
      desk.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `name=value` of a response's first cookie, and its attributes as written. */
export function cookieOf(response: Response): { pair: string; attributes: string } {
  const header = response.headers.getSetCookie()[0] ?? '';
  const [pair = '', ...attributes] = header.split(';');
  return { pair, attributes: attributes.map((a) => a.trim()).join('; ') };
}
