import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceNowSimulator } from './servicenow-table-simulator';
import { eventually, HandoffStack } from '../support/stack';

const simulator = new ServiceNowSimulator({
  username: 'handoff.integration',
  password: 'correct horse battery staple',
  oauth: { clientId: 'client-123', clientSecret: 'client-secret-456' },
});
let stack: HandoffStack;

beforeAll(async () => {
  const url = await simulator.start();
  stack = await HandoffStack.start({
    env: {
      SN_USER: 'handoff.integration',
      SN_PASSWORD: 'correct horse battery staple',
      SN_WRONG_PASSWORD: 'nope',
      SN_CLIENT_ID: 'client-123',
      SN_CLIENT_SECRET: 'client-secret-456',
    },
    config: `
profiles:
  basic:
    mode: broker
    platform: local-desk
    fileTicket: true
    shortDescriptionPrefix: 'Live chat: '
    ticketing: { system: servicenow, instanceUrl: '${url}', assignmentGroup: Service Desk, auth: { type: basic, username: '\${SN_USER}', password: '\${SN_PASSWORD}' } }
  oauth:
    mode: url
    platform: local-desk
    fileTicket: true
    ticketing: { system: servicenow, instanceUrl: '${url}', auth: { type: oauth, clientId: '\${SN_CLIENT_ID}', clientSecret: '\${SN_CLIENT_SECRET}', username: '\${SN_USER}', password: '\${SN_PASSWORD}' } }
  refused:
    mode: url
    platform: local-desk
    fileTicket: true
    ticketing: { system: servicenow, instanceUrl: '${url}', auth: { type: basic, username: '\${SN_USER}', password: '\${SN_WRONG_PASSWORD}' } }
`,
  });
});
afterAll(async () => {
  await stack?.stop();
  await simulator.stop();
});

describe('ServiceNow ticketing through the Table API', () => {
  it('files an incident with the prefix, the issue context and the presented results, then appends the transcript on close', async () => {
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'basic' }))).body;
    expect(handoff.status).toBe('queued');
    expect(handoff.ticket.number).toMatch(/^INC\d{7}$/);
    const incident = simulator.records('incident').find((r) => r.number === handoff.ticket.number)!;
    expect(incident.short_description).toBe('Live chat: VPN drops every few minutes');
    expect(incident.description).toContain('Requested by: Ada Lovelace <ada@example.com> (id u-42)');
    expect(incident.description).toContain('Last utterance: My VPN keeps dropping');
    expect(incident.assignment_group).toBe('Service Desk');
    expect(incident.correlation_id).toMatch(/^handoff-/);
    expect(simulator.workNotesOf(incident.sys_id!)[0]).toContain('1. Fix VPN drops');
    expect(simulator.requests.filter((r) => r.path.startsWith('/api/now')).every((r) => r.authorization?.startsWith('Basic '))).toBe(true);

    const chatId = stack.chatFor(handoff.id)!.chatId;
    const hedy = await stack.signedInAs('Hedy');
    await stack.call('POST', `/desk/api/chats/${chatId}/accept`, {}, hedy);
    await stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text: 'Fixed it for you' }, hedy);
    await stack.call('POST', `/desk/api/chats/${chatId}/close`, undefined, hedy);
    await eventually(() => {
      const notes = simulator.workNotesOf(incident.sys_id!);
      expect(notes).toHaveLength(2);
      expect(notes[1]).toContain('Hedy: Fixed it for you');
    });
  });

  it('does not file twice when the create answer is lost and the activity retries', async () => {
    simulator.loseResponses = 1;
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'basic' }))).body;
    expect(handoff.status).toBe('queued');
    const filed = simulator
      .records('incident')
      .filter((r) => r.correlation_id === simulator.records('incident').find((x) => x.number === handoff.ticket.number)!.correlation_id);
    expect(filed).toHaveLength(1);
  });

  it('retries through a burst of 503s', async () => {
    simulator.failBefore = { count: 3, status: 503 };
    const handoff = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'basic' }))).body;
    expect(handoff.status).toBe('queued');
    expect(simulator.failBefore.count).toBe(0);
  });

  it('uses one OAuth token until it expires, then fetches a new one', async () => {
    const before = simulator.issuedTokens.length;
    const first = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'oauth' }))).body;
    const second = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'oauth' }))).body;
    expect(first.status).toBe('redirected');
    expect(second.ticket.number).not.toBe(first.ticket.number);
    expect(simulator.issuedTokens.length - before).toBe(1);
    simulator.expireTokens();
    const third = (await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'oauth' }))).body;
    expect(third.status).toBe('redirected');
    expect(simulator.issuedTokens.length - before).toBe(2);
  });

  it('fails the handoff with the reason when ServiceNow refuses the credentials', async () => {
    const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile: 'refused' }));
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('failed');
    expect(answer.body.reason).toContain('HTTP 401');
    expect(answer.body.redirectUrl).toBeUndefined();
  });
});
