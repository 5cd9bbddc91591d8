import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InContactChatClientSimulator } from './simulator';
import { HandoffStack } from '../../../test/support/stack';
import {
  expectCutOnCharacterBoundary,
  expectPercentEncodedSpaces,
  LONG_UTTERANCE,
  startHandoff,
  TRICKY_UTTERANCE,
  withUtterance,
} from '../../../test/connectors/helpers';

const chatClient = new InContactChatClientSimulator();
let stack: HandoffStack;

beforeAll(async () => {
  const chatClientUrl = `${await chatClient.start()}/inContact/ChatClient/ChatClient.aspx`;
  stack = await HandoffStack.start({
    config: `
profiles:
  incontact:
    mode: url
    platform: incontact
    platformOptions: { chatClientUrl: '${chatClientUrl}', pointOfContact: 8f1e2d3c-aaaa-4bbb-8ccc-0123456789ab, businessUnit: 4593812 }
  incontact-custom:
    mode: url
    platform: incontact
    fileTicket: true
    platformOptions:
      chatClientUrl: '${chatClientUrl}'
      pointOfContact: poc-2
      businessUnit: '77'
      parameters: { P1: '{userName}', P2: '{ticketNumber}', P4: '{lastUtterance}' }
`,
  });
});
afterAll(async () => {
  await stack?.stop();
  await chatClient.stop();
});

describe('NICE inContact chat client', () => {
  it('opens the chat for the point of contact with first name, last name, email and the last utterance in P1..P4', async () => {
    const handoff = await startHandoff(stack, 'incontact', {
      ...withUtterance(TRICKY_UTTERANCE),
      user: { id: 'u-1', name: 'Ada King Lovelace', email: 'ada@example.com' },
    });
    expect(handoff).toMatchObject({ status: 'redirected', platform: 'incontact' });
    const url = new URL(handoff.redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${chatClient.url}/inContact/ChatClient/ChatClient.aspx`);
    expect([...url.searchParams]).toEqual([
      ['poc', '8f1e2d3c-aaaa-4bbb-8ccc-0123456789ab'],
      ['bu', '4593812'],
      ['P1', 'Ada'],
      ['P2', 'King Lovelace'],
      ['P3', 'ada@example.com'],
      ['P4', TRICKY_UTTERANCE],
    ]);
    expectPercentEncodedSpaces(handoff.redirectUrl);
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
    expect(chatClient.visits.at(-1)!.params.get('P4')).toBe(TRICKY_UTTERANCE);
  });

  it('fills the configured parameters only', async () => {
    const handoff = await startHandoff(stack, 'incontact-custom', withUtterance('Printer on fire'));
    expect([...new URL(handoff.redirectUrl).searchParams]).toEqual([
      ['poc', 'poc-2'],
      ['bu', '77'],
      ['P1', 'Ada Lovelace'],
      ['P2', handoff.ticket.number],
      ['P4', 'Printer on fire'],
    ]);
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
  });

  it('cuts a 5,000-character utterance on a character boundary so the URL stays within 2,000 characters', async () => {
    const handoff = await startHandoff(stack, 'incontact', withUtterance(LONG_UTTERANCE));
    expect(handoff.redirectUrl.length).toBeLessThanOrEqual(2_000);
    const params = new URL(handoff.redirectUrl).searchParams;
    expectCutOnCharacterBoundary(params.get('P4')!, LONG_UTTERANCE);
    expect(params.get('P3')).toBe('ada@example.com');
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
  });
});
