import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DESK_FILE_NAME } from '../../apps/desk/database';
import { deskNeededBy } from '../../apps/desk/hosting';
import { parseConfig } from '../../config/load';
import { startEdge, stopEdges } from '../support/edge';

const URL_ONLY = `
profiles:
  chat:
    mode: url
    platform: generic-url
    platformOptions: { urlTemplate: 'https://chat.example.com/?q={lastUtterance}' }
`;
const URL_WITH_LOCAL_TICKETS = `
profiles:
  chat:
    mode: url
    platform: generic-url
    fileTicket: true
    platformOptions: { urlTemplate: 'https://chat.example.com/?q={lastUtterance}' }
`;
const URL_WITH_TICKET_FALLBACK = `
profiles:
  chat:
    mode: url
    platform: generic-url
    fallback: [ticket]
    platformOptions: { urlTemplate: 'https://chat.example.com/?q={lastUtterance}' }
`;

const folders: string[] = [];
afterEach(async () => {
  await stopEdges();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function edgeWith(config: string, demo: boolean) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-hosted-'));
  folders.push(dataDir);
  const edge = await startEdge({ config: parseConfig(config, 'test config'), demo, dataDir });
  return { ...edge, deskFile: path.join(dataDir, DESK_FILE_NAME) };
}

async function codeOf(url: string, init?: RequestInit) {
  const answer = await fetch(url, init);
  return { status: answer.status, code: answer.headers.get('content-type')?.includes('json') ? ((await answer.json()) as any).error?.code : undefined };
}

describe('the API hosts the local desk only when a profile needs it', () => {
  it('knows which profiles need it: a desk platform, or tickets in its store', () => {
    expect(deskNeededBy(parseConfig(URL_ONLY))).toBe(false);
    expect(deskNeededBy(parseConfig(URL_WITH_LOCAL_TICKETS))).toBe(true);
    expect(deskNeededBy(parseConfig(URL_WITH_TICKET_FALLBACK))).toBe(true);
    expect(
      deskNeededBy(
        parseConfig(
          URL_WITH_LOCAL_TICKETS.replace(
            'fileTicket: true',
            "fileTicket: true\n    ticketing: { system: servicenow, instanceUrl: 'https://acme.service-now.com', auth: { type: basic, username: '${SN_USER}', password: '${SN_PASSWORD}' } }",
          ),
        ),
      ),
    ).toBe(false);
  });

  it('without such a profile: no desk file, no desk routes, and its limits do not answer for it', async () => {
    const edge = await edgeWith(URL_ONLY, false);
    expect(existsSync(edge.deskFile)).toBe(false);
    expect(await codeOf(`${edge.url}/desk`)).toEqual({ status: 404, code: 'route_not_found' });
    const signIn = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ada', password: 'x'.repeat(12) }) };
    expect(await codeOf(`${edge.url}/desk/api/session`, signIn)).toEqual({ status: 404, code: 'route_not_found' });
    expect(await codeOf(`${edge.url}/demo`)).toEqual({ status: 404, code: 'route_not_found' });
    expect((await fetch(`${edge.url}/healthz`)).status).toBe(200);
  });

  it('with one: the desk, its file and its sign-in; the demo only when asked for', async () => {
    const edge = await edgeWith(URL_WITH_LOCAL_TICKETS, true);
    expect(existsSync(edge.deskFile)).toBe(true);
    expect((await fetch(`${edge.url}/desk`)).status).toBe(200);
    const signIn = {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: edge.url },
      body: JSON.stringify({ name: 'ada', password: 'x'.repeat(12) }),
    };
    expect(await codeOf(`${edge.url}/desk/api/session`, signIn)).toEqual({ status: 401, code: expect.any(String) });
    expect((await fetch(`${edge.url}/demo`)).status).toBe(200);
  });
});
