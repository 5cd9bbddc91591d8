import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Five9ChatConsoleSimulator } from './simulator';
import { HandoffStack } from '../../../test/support/stack';
import {
  expectCutOnCharacterBoundary,
  expectPercentEncodedSpaces,
  LONG_UTTERANCE,
  startHandoff,
  TRICKY_UTTERANCE,
  withUtterance,
} from '../../../test/connectors/helpers';

const chatConsole = new Five9ChatConsoleSimulator();
let stack: HandoffStack;

beforeAll(async () => {
  const consoleUrl = `${await chatConsole.start()}/clients/consoles/ChatConsole/index.html`;
  stack = await HandoffStack.start({
    config: `
profiles:
  five9:
    mode: url
    platform: five9
    platformOptions: { consoleUrl: '${consoleUrl}', tenant: Acme Support, profiles: [IT Chat, Fallback] }
  five9-custom:
    mode: url
    platform: five9
    fileTicket: true
    platformOptions:
      consoleUrl: '${consoleUrl}'
      tenant: acme
      profiles: IT Chat
      autostart: false
      fields:
        name: '{userName}'
        email: { value: '{userEmail}', show: false }
        Question: '{lastUtterance}'
        Ticket: { value: '{ticketNumber}', show: false }
        Department: '{userDepartment}'
        Phone: '{channel}'
`,
  });
});
afterAll(async () => {
  await stack?.stop();
  await chatConsole.stop();
});

const fieldsOf = (url: string) => JSON.parse(new URL(url).searchParams.get('fields')!);

describe('Five9 chat console', () => {
  it('starts the console for the tenant and profiles with name, email and question in the fields JSON', async () => {
    const handoff = await startHandoff(stack, 'five9', withUtterance(TRICKY_UTTERANCE));
    expect(handoff).toMatchObject({ status: 'redirected', platform: 'five9' });
    const url = new URL(handoff.redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${chatConsole.url}/clients/consoles/ChatConsole/index.html`);
    expect([...url.searchParams.keys()]).toEqual(['tenant', 'profiles', 'autostart', 'fields']);
    expect(url.searchParams.get('tenant')).toBe('Acme Support');
    expect(url.searchParams.get('profiles')).toBe('IT Chat,Fallback');
    expect(url.searchParams.get('autostart')).toBe('true');
    expect(fieldsOf(handoff.redirectUrl)).toEqual({
      name: { value: 'Ada Lovelace', show: true },
      email: { value: 'ada@example.com', show: true },
      Question: { value: TRICKY_UTTERANCE, show: true },
    });
    expectPercentEncodedSpaces(handoff.redirectUrl);

    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
    expect(chatConsole.visits.at(-1)!.fields.Question!.value).toBe(TRICKY_UTTERANCE);
  });

  it('sends the configured fields, hiding those marked show: false and leaving out empty ones', async () => {
    const handoff = await startHandoff(stack, 'five9-custom', withUtterance('Need a laptop'));
    const url = new URL(handoff.redirectUrl);
    expect(url.searchParams.has('autostart')).toBe(false);
    expect(fieldsOf(handoff.redirectUrl)).toEqual({
      name: { value: 'Ada Lovelace', show: true },
      email: { value: 'ada@example.com', show: false },
      Question: { value: 'Need a laptop', show: true },
      Ticket: { value: handoff.ticket.number, show: false },
      Department: { value: 'Sales', show: true },
    });
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
  });

  it('cuts a 5,000-character question on a character boundary so the URL stays within 2,000 characters and the JSON stays valid', async () => {
    const handoff = await startHandoff(stack, 'five9', withUtterance(LONG_UTTERANCE));
    expect(handoff.redirectUrl.length).toBeLessThanOrEqual(2_000);
    const fields = fieldsOf(handoff.redirectUrl);
    expectCutOnCharacterBoundary(fields.Question.value, LONG_UTTERANCE);
    expect(fields.email.value).toBe('ada@example.com');
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
  });
});
