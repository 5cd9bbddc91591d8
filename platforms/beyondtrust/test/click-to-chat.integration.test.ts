import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeyondTrustSimulator } from './simulator';
import { HandoffStack } from '../../../test/support/stack';
import {
  expectCutOnCharacterBoundary,
  expectPercentEncodedSpaces,
  LONG_UTTERANCE,
  startHandoff,
  TRICKY_UTTERANCE,
  withUtterance,
} from '../../../test/connectors/helpers';

const site = new BeyondTrustSimulator({ accounts: [], issueCodeNames: ['vpn'], customFields: ['ticket_id', 'category'] });
let stack: HandoffStack;

beforeAll(async () => {
  const siteUrl = await site.start();
  stack = await HandoffStack.start({
    config: `
profiles:
  click-to-chat:
    mode: url
    platform: beyondtrust
    fileTicket: true
    platformOptions: { siteUrl: '${siteUrl}', issueCodeName: vpn, locale: en-us, customFields: { ticket_id: '{ticketNumber}', category: '{category}' } }
  defaults:
    mode: url
    platform: beyondtrust
    platformOptions: { siteUrl: '${siteUrl}' }
  wide:
    mode: url
    platform: beyondtrust
    platformOptions: { siteUrl: '${siteUrl}', maxUrlLength: 10000 }
`,
  });
});
afterAll(async () => {
  await stack?.stop();
  await site.stop();
});

describe('BeyondTrust click-to-chat (url mode)', () => {
  it('builds the start_session URL with the issue, customer name and details, locale, external key and custom fields', async () => {
    const handoff = await startHandoff(stack, 'click-to-chat', withUtterance(TRICKY_UTTERANCE));
    expect(handoff).toMatchObject({ status: 'redirected', mode: 'url', platform: 'beyondtrust' });
    const url = new URL(handoff.redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${site.url}/api/start_session`);
    expect([...url.searchParams]).toEqual([
      ['issue_menu', '1'],
      ['codeName', 'vpn'],
      ['c2cjs', '1'],
      ['customer.name', 'Ada Lovelace'],
      ['customer.details', TRICKY_UTTERANCE],
      ['locale', 'en-us'],
      ['session.custom.external_key', handoff.id],
      ['session.custom.ticket_id', handoff.ticket.number],
      ['session.custom.category', 'IT'],
    ]);
    expectPercentEncodedSpaces(handoff.redirectUrl);
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
    expect(site.clickToChatVisits.at(-1)!.params.get('customer.details')).toBe(TRICKY_UTTERANCE);
  });

  it("takes the user's locale and leaves out what is not configured", async () => {
    const handoff = await startHandoff(stack, 'defaults', {
      user: { id: 'u-3', name: 'Grace Hopper', locale: 'de-de' },
      issue: { lastUtterance: 'Drucker kaputt' },
    });
    expect([...new URL(handoff.redirectUrl).searchParams]).toEqual([
      ['issue_menu', '1'],
      ['c2cjs', '1'],
      ['customer.name', 'Grace Hopper'],
      ['customer.details', 'Drucker kaputt'],
      ['locale', 'de-de'],
      ['session.custom.external_key', handoff.id],
    ]);
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
  });

  it('cuts customer.details to 1,024 bytes on a character boundary even when the URL could be longer', async () => {
    const utterance = 'é'.repeat(600) + '🚀'.repeat(10);
    const handoff = await startHandoff(stack, 'wide', withUtterance(utterance));
    const details = new URL(handoff.redirectUrl).searchParams.get('customer.details')!;
    expect(details).toBe('é'.repeat(512));
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
  });

  it('cuts a 5,000-character utterance so the URL stays within 2,000 characters and the details within 1,024 bytes', async () => {
    const handoff = await startHandoff(stack, 'click-to-chat', withUtterance(LONG_UTTERANCE));
    expect(handoff.redirectUrl.length).toBeLessThanOrEqual(2_000);
    const params = new URL(handoff.redirectUrl).searchParams;
    const details = params.get('customer.details')!;
    expect(Buffer.byteLength(details)).toBeLessThanOrEqual(1_024);
    expectCutOnCharacterBoundary(details, LONG_UTTERANCE);
    expect(params.get('session.custom.external_key')).toBe(handoff.id);
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
  });
});
