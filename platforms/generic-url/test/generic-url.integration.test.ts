import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LandingPageSimulator } from '../../../test/support/landing-page';
import { HandoffStack } from '../../../test/support/stack';
import { expectCutOnCharacterBoundary, LONG_UTTERANCE, startHandoff, TRICKY_UTTERANCE, withUtterance } from '../../../test/connectors/helpers';

const page = new LandingPageSimulator();
let stack: HandoffStack;

beforeAll(async () => {
  const base = await page.start();
  stack = await HandoffStack.start({
    config: `
profiles:
  generic:
    mode: url
    platform: generic-url
    fileTicket: true
    platformOptions:
      urlTemplate: '${base}/chat/{userId}/start?q={lastUtterance}&name={userName}&email={userEmail}&ticket={ticketNumber}&ref={handoffId}#topic={category}'
  compucom:
    mode: url
    platform: compucom
    platformOptions: { urlTemplate: '${base}/compucom/livechat?utterance={lastUtterance}&user={userEmail}', maxUrlLength: 500 }
  intrasee:
    mode: url
    platform: intrasee
    platformOptions: { urlTemplate: '${base}/intrasee/chat?first={userFirstName}&last={userLastName}&question={lastUtterance}&dept={userDepartment}' }
`,
  });
});
afterAll(async () => {
  await stack?.stop();
  await page.stop();
});

describe('URL templates (generic-url, compucom, intrasee)', () => {
  it('fills every placeholder URL-encoded, in the path, the query and the fragment', async () => {
    const handoff = await startHandoff(stack, 'generic', {
      ...withUtterance(TRICKY_UTTERANCE),
      user: { id: 'u/42 ?', name: 'Ada Lovelace', email: 'ada@example.com' },
    });
    expect(handoff).toMatchObject({ status: 'redirected', platform: 'generic-url' });
    const url = new URL(handoff.redirectUrl);
    expect(url.pathname).toBe('/chat/u%2F42%20%3F/start');
    expect(decodeURIComponent(url.pathname.split('/')[2]!)).toBe('u/42 ?');
    expect([...url.searchParams]).toEqual([
      ['q', TRICKY_UTTERANCE],
      ['name', 'Ada Lovelace'],
      ['email', 'ada@example.com'],
      ['ticket', handoff.ticket.number],
      ['ref', handoff.id],
    ]);
    expect(url.hash).toBe('#topic=IT');

    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
    expect(page.visits.at(-1)!.params.get('q')).toBe(TRICKY_UTTERANCE);
  });

  it('serves Compucom from its template, cutting the utterance to the configured URL length', async () => {
    const handoff = await startHandoff(stack, 'compucom', withUtterance(LONG_UTTERANCE));
    expect(handoff.platform).toBe('compucom');
    expect(handoff.redirectUrl.length).toBeLessThanOrEqual(500);
    const url = new URL(handoff.redirectUrl);
    expect(url.pathname).toBe('/compucom/livechat');
    expectCutOnCharacterBoundary(url.searchParams.get('utterance')!, LONG_UTTERANCE);
    expect(url.searchParams.get('user')).toBe('ada@example.com');
  });

  it('serves Intrasee from its template, leaving a value the user lacks empty', async () => {
    const handoff = await startHandoff(stack, 'intrasee', { ...withUtterance(TRICKY_UTTERANCE), user: { id: 'u-9', name: 'Grace' } });
    expect(handoff.platform).toBe('intrasee');
    expect([...new URL(handoff.redirectUrl).searchParams]).toEqual([
      ['first', 'Grace'],
      ['last', ''],
      ['question', TRICKY_UTTERANCE],
      ['dept', ''],
    ]);
    expect((await fetch(handoff.redirectUrl)).status).toBe(200);
  });

  it('cuts a 5,000-character utterance so the URL stays within the default 2,000 characters', async () => {
    const handoff = await startHandoff(stack, 'generic', withUtterance(LONG_UTTERANCE));
    expect(handoff.redirectUrl.length).toBeLessThanOrEqual(2_000);
    const url = new URL(handoff.redirectUrl);
    expectCutOnCharacterBoundary(url.searchParams.get('q')!, LONG_UTTERANCE);
    expect(url.searchParams.get('ref')).toBe(handoff.id);
  });
});
