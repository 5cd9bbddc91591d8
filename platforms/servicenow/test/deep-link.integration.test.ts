import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceNowVaClientSimulator } from './web-client-simulator';
import { HandoffStack } from '../../../test/support/stack';
import {
  expectCutOnCharacterBoundary,
  expectPercentEncodedSpaces,
  LONG_UTTERANCE,
  startHandoff,
  TRICKY_UTTERANCE,
  withUtterance,
} from '../../../test/connectors/helpers';

const instance = new ServiceNowVaClientSimulator();
let stack: HandoffStack;

beforeAll(async () => {
  const instanceUrl = await instance.start();
  stack = await HandoffStack.start({
    config: `
profiles:
  servicenow:
    mode: url
    platform: servicenow
    fileTicket: true
    platformOptions:
      instanceUrl: '${instanceUrl}/'
      brandingKey: acme
      language: en
      vaContext: { user_email: '{userEmail}', user_name: '{userName}', handoff_id: '{handoffId}', ticket_number: '{ticketNumber}' }
  servicenow-defaults:
    mode: url
    platform: servicenow
    platformOptions: { instanceUrl: '${instanceUrl}' }
  connect-chat:
    mode: url
    platform: servicenow-connect-chat
    platformOptions: { instanceUrl: '${instanceUrl}', queue: 4f2c9a1e1b3d, application: csm, portal: csm }
  awa:
    mode: url
    platform: servicenow-awa
    platformOptions: { instanceUrl: '${instanceUrl}', skipLoadHistory: true, shortDescription: '{category}: {summary}' }
`,
  });
});
afterAll(async () => {
  await stack?.stop();
  await instance.stop();
});

const paramsOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('ServiceNow Virtual Agent deep link', () => {
  it('sends the user to the VA web client asking for a live agent, with the last utterance and the configured context', async () => {
    const handoff = await startHandoff(stack, 'servicenow', withUtterance(TRICKY_UTTERANCE));
    expect(handoff).toMatchObject({ status: 'redirected', mode: 'url', platform: 'servicenow' });
    const url = new URL(handoff.redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${instance.url}/$sn-va-web-client-app.do`);
    expect(url.searchParams.size).toBe(9);
    expect(paramsOf(handoff.redirectUrl)).toEqual({
      sysparm_live_agent_only: 'true',
      sysparm_search_text: TRICKY_UTTERANCE,
      sysparm_short_description: 'VPN drops every few minutes',
      sysparm_branding_key: 'acme',
      sysparm_requester_session_language: 'en',
      sysparm_user_email: 'ada@example.com',
      sysparm_user_name: 'Ada Lovelace',
      sysparm_handoff_id: handoff.id,
      sysparm_ticket_number: handoff.ticket.number,
    });
    expectPercentEncodedSpaces(handoff.redirectUrl);

    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
    expect(instance.visits.at(-1)!.vaContext).toMatchObject({ search_text: TRICKY_UTTERANCE, handoff_id: handoff.id });
  });

  it('cuts a 5,000-character utterance on a character boundary so the link stays within 2,000 characters', async () => {
    const handoff = await startHandoff(stack, 'servicenow', withUtterance(LONG_UTTERANCE));
    expect(handoff.redirectUrl.length).toBeLessThanOrEqual(2_000);
    expect(handoff.redirectUrl.length).toBeGreaterThan(1_900);
    expectCutOnCharacterBoundary(paramsOf(handoff.redirectUrl).sysparm_search_text!, LONG_UTTERANCE);
    expect(paramsOf(handoff.redirectUrl).sysparm_handoff_id).toBe(handoff.id);
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
  });

  it("prefers the user's locale to the configured language, and leaves out what has no value", async () => {
    const handoff = await startHandoff(stack, 'servicenow-defaults', {
      user: { id: 'u-7', locale: 'fr-CA' },
      issue: { lastUtterance: 'Mon imprimante ne marche pas' },
    });
    expect(paramsOf(handoff.redirectUrl)).toEqual({
      sysparm_live_agent_only: 'true',
      sysparm_search_text: 'Mon imprimante ne marche pas',
      sysparm_requester_session_language: 'fr-CA',
    });
  });

  it('routes a Connect Chat handoff to its support queue and application', async () => {
    const handoff = await startHandoff(stack, 'connect-chat', withUtterance(TRICKY_UTTERANCE));
    expect(handoff.platform).toBe('servicenow-connect-chat');
    expect(paramsOf(handoff.redirectUrl)).toEqual({
      sysparm_live_agent_only: 'true',
      sysparm_search_text: TRICKY_UTTERANCE,
      sysparm_short_description: 'VPN drops every few minutes',
      sysparm_liveagent_queue: '4f2c9a1e1b3d',
      sysparm_liveagent_application: 'csm',
      sysparm_portal: 'csm',
    });
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
  });

  it('opens an AWA chat without earlier history and with a templated short description', async () => {
    const handoff = await startHandoff(stack, 'awa', withUtterance(TRICKY_UTTERANCE));
    expect(paramsOf(handoff.redirectUrl)).toEqual({
      sysparm_live_agent_only: 'true',
      sysparm_search_text: TRICKY_UTTERANCE,
      sysparm_short_description: 'IT: VPN drops every few minutes',
      sysparm_skip_load_history: 'true',
    });
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
  });
});
