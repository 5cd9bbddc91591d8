import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BeyondTrustSimulator } from './simulator';
import { eventually, HandoffStack } from '../../../test/support/stack';
import { historyText, startHandoff } from '../../../test/connectors/helpers';

const ACCOUNTS = {
  main: { clientId: 'bt-client-main', clientSecret: 'bt-secret-main-3f9a' },
  cache: { clientId: 'bt-client-cache', clientSecret: 'bt-secret-cache-77c1' },
  readOnly: { clientId: 'bt-client-ro', clientSecret: 'bt-secret-ro-0b2e', commandAccess: 'read-only' as const },
};
const site = new BeyondTrustSimulator({
  accounts: Object.values(ACCOUNTS),
  teams: [7],
  reps: [12],
  issueCodeNames: ['vpn'],
  customFields: ['ticket_id', 'summary'],
});
let stack: HandoffStack;

const auth = (name: string) => `{ clientId: '\${BT_${name}_ID}', clientSecret: '\${BT_${name}_SECRET}' }`;

beforeAll(async () => {
  // Connectors resolve `${ENV}` references from the stack's `env`, which is process.env unless a test passes its own.
  for (const [name, account] of Object.entries({ MAIN: ACCOUNTS.main, CACHE: ACCOUNTS.cache, RO: ACCOUNTS.readOnly })) {
    vi.stubEnv(`BT_${name}_ID`, account.clientId);
    vi.stubEnv(`BT_${name}_SECRET`, account.clientSecret);
  }
  vi.stubEnv('BT_WRONG_SECRET', 'not-the-secret');
  const siteUrl = await site.start();
  stack = await HandoffStack.start({
    config: `
profiles:
  general:
    mode: api
    platform: beyondtrust
    fileTicket: true
    platformOptions: { siteUrl: '${siteUrl}', auth: ${auth('MAIN')} }
  team:
    mode: api
    platform: beyondtrust
    fileTicket: true
    platformOptions: { siteUrl: '${siteUrl}', auth: ${auth('MAIN')}, queue: 'team:7', sessionKeyTtlSeconds: 600, customFields: { ticket_id: '{ticketNumber}', summary: '{summary}' } }
  rep:
    mode: api
    platform: beyondtrust
    platformOptions: { siteUrl: '${siteUrl}', auth: ${auth('MAIN')}, queue: 'rep:12' }
  issue:
    mode: api
    platform: beyondtrust
    platformOptions: { siteUrl: '${siteUrl}', auth: ${auth('MAIN')}, queue: 'issue:vpn' }
  cached:
    mode: api
    platform: beyondtrust
    platformOptions: { siteUrl: '${siteUrl}', auth: ${auth('CACHE')} }
  unknown-team:
    mode: api
    platform: beyondtrust
    platformOptions: { siteUrl: '${siteUrl}', auth: ${auth('MAIN')}, queue: 'team:99' }
  read-only:
    mode: api
    platform: beyondtrust
    platformOptions: { siteUrl: '${siteUrl}', auth: ${auth('RO')} }
  wrong-secret:
    mode: api
    platform: beyondtrust
    platformOptions: { siteUrl: '${siteUrl}', auth: { clientId: '\${BT_MAIN_ID}', clientSecret: '\${BT_WRONG_SECRET}' } }
  no-auth:
    mode: api
    platform: beyondtrust
    platformOptions: { siteUrl: '${siteUrl}' }
  short:
    mode: api
    platform: beyondtrust
    fileTicket: true
    timeouts: { agentAccept: 1h, maxDuration: 2s }
    platformOptions: { siteUrl: '${siteUrl}', auth: ${auth('MAIN')} }
`,
  });
});
afterAll(async () => {
  await stack?.stop();
  await site.stop();
  vi.unstubAllEnvs();
});

const statusOf = async (id: string) => (await stack.call('GET', stack.handoffPath(id))).body;

describe('BeyondTrust session keys (api mode)', () => {
  it('generates a session key in the general queue and links the user to its URL, noting it on the ticket', async () => {
    const handoff = await startHandoff(stack, 'general');
    expect(handoff).toMatchObject({ status: 'queued', mode: 'api', platform: 'beyondtrust', queue: { name: 'general' } });
    const key = site.sessionKeys.at(-1)!;
    expect(handoff.redirectUrl).toBe(key.keyUrl);
    expect(new URL(handoff.redirectUrl).searchParams.get('portal')).toBe('1');
    expect(key).toMatchObject({ queueId: 'general', externalKey: handoff.id });
    expect(site.commandCalls.at(-1)!.form).toEqual({ action: 'generate_session_key', type: 'support', queue_id: 'general', external_key: handoff.id });
    expect(site.commandCalls.at(-1)!.authorization).toMatch(/^Bearer /);
    await eventually(() => {
      const notes = stack.desk.store.ticket(handoff.ticket.number)!.workNotes.map((n) => n.text);
      expect(notes).toContain(
        `The user was placed in queue general on beyondtrust and sent a private link to join the chat (not noted here: whoever holds it joins as the user)`,
      );
    });
  });

  it.each([
    ['team', 'team:7'],
    ['rep', 'rep:12'],
    ['issue', 'issue:vpn'],
  ])('places the user in the configured %s queue', async (profile, queueId) => {
    const handoff = await startHandoff(stack, profile);
    expect(handoff).toMatchObject({ status: 'queued', queue: { name: queueId } });
    expect(site.sessionKeys.at(-1)).toMatchObject({ queueId, externalKey: handoff.id, keyUrl: handoff.redirectUrl });
  });

  it('sends the ttl and the configured custom fields with the key request', async () => {
    const handoff = await startHandoff(stack, 'team');
    expect(site.sessionKeys.at(-1)).toMatchObject({ ttl: '600', custom: { ticket_id: handoff.ticket.number, summary: 'VPN drops every few minutes' } });
  });

  it('reads the JSON form of the answer as well as the XML one', async () => {
    site.format = 'json';
    try {
      const handoff = await startHandoff(stack, 'general');
      expect(handoff.status).toBe('queued');
      expect(handoff.redirectUrl).toBe(site.sessionKeys.at(-1)!.keyUrl);
    } finally {
      site.format = 'xml';
    }
  });

  it('uses one OAuth token for many handoffs, and fetches a new one when BeyondTrust answers 401 to it', async () => {
    const before = site.issuedTokens.length;
    await startHandoff(stack, 'cached');
    await startHandoff(stack, 'cached');
    expect(site.issuedTokens.length - before).toBe(1);

    site.revokeTokens();
    const calls = site.commandCalls.length;
    const handoff = await startHandoff(stack, 'cached');
    expect(handoff.status).toBe('queued');
    expect(site.issuedTokens.length - before).toBe(2);
    expect(site.commandCalls.slice(calls).map((c) => c.authorization)).toEqual([`Bearer ${site.issuedTokens.at(-2)}`, `Bearer ${site.issuedTokens.at(-1)}`]);
  });

  it('fails with the reason when a fresh token is refused too, after one refresh', async () => {
    site.refuseAllTokens = true;
    try {
      const before = site.issuedTokens.length;
      const handoff = await startHandoff(stack, 'general');
      expect(handoff.status).toBe('failed');
      expect(handoff.reason).toBe('BeyondTrust: generate_session_key: HTTP 401 Invalid or expired access token');
      expect(site.issuedTokens.length - before).toBe(1);
    } finally {
      site.refuseAllTokens = false;
    }
  });

  it('fails with the reason when the API account may not use the command API (HTTP 403)', async () => {
    const handoff = await startHandoff(stack, 'read-only');
    expect(handoff).toMatchObject({
      status: 'failed',
      reason: 'BeyondTrust: generate_session_key: HTTP 403 The API account does not have permission to perform this action',
    });
    expect(handoff.redirectUrl).toBeUndefined();
  });

  it('fails with the reason when the OAuth client is refused', async () => {
    const handoff = await startHandoff(stack, 'wrong-secret');
    expect(handoff.status).toBe('failed');
    expect(handoff.reason).toMatch(/^BeyondTrust: OAuth token: HTTP 401 .*invalid_client/);
  });

  it("fails with BeyondTrust's message when it refuses the queue in an <error> answer", async () => {
    const handoff = await startHandoff(stack, 'unknown-team');
    expect(handoff).toMatchObject({ status: 'failed', reason: 'BeyondTrust: generate_session_key: Invalid queue_id: team:99' });
  });

  it('fails naming the missing options when an api-mode profile has no OAuth client', async () => {
    const handoff = await startHandoff(stack, 'no-auth');
    expect(handoff).toMatchObject({
      status: 'failed',
      reason: 'BeyondTrust: profile "no-auth" needs platformOptions.auth (clientId, clientSecret) for api mode',
    });
  });

  it('retries through 503s and then places the user', async () => {
    site.failBefore = { count: 2, status: 503 };
    const calls = site.commandCalls.length;
    const handoff = await startHandoff(stack, 'general');
    expect(handoff.status).toBe('queued');
    expect(site.failBefore.count).toBe(0);
    expect(site.commandCalls.length - calls).toBe(3);
  });

  it('keeps the OAuth client secret and the access token out of the workflow history', async () => {
    const handoff = await startHandoff(stack, 'general');
    const history = await historyText(stack, handoff.id);
    expect(history).toContain(handoff.redirectUrl);
    expect(history).not.toContain(ACCOUNTS.main.clientSecret);
    for (const token of site.issuedTokens) expect(history).not.toContain(token);
  });

  it('stays queued without events until maxDuration, then closes with reason no-events; the ticket notes that the user was sent a link', async () => {
    const handoff = await startHandoff(stack, 'short');
    expect(handoff.status).toBe('queued');
    await eventually(
      async () => expect(await statusOf(handoff.id)).toMatchObject({ status: 'closed', reason: 'no-events', redirectUrl: handoff.redirectUrl }),
      15_000,
    );
    const notes = stack.desk.store.ticket(handoff.ticket.number)!.workNotes.map((n) => n.text);
    expect(notes).toContain(
      `The user was placed in queue general on beyondtrust and sent a private link to join the chat (not noted here: whoever holds it joins as the user)`,
    );
  });
});
