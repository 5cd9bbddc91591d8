import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../platforms/shared/template';
import type { HandoffContext } from '../../platforms/connector';
import { buildWithFittingUtterance, charactersOf, cutToCharacters, cutToUtf8Bytes } from '../../lib/fit-utterance';
import { withQuery } from '../../lib/query-string';
import { placeholderValues, renderTemplate } from '../../platforms/shared/url-template';

const context = {
  handoffId: 'handoff/p/c-1',
  chainId: 'chain-1',
  profileName: 'p',
  options: {},
  timeouts: { agentAccept: 60_000, inactivity: 60_000, maxDuration: 60_000 },
  request: {
    conversationId: 'c-1',
    profile: 'p',
    user: { id: 'u-1', name: '  Ada King Lovelace ', email: 'ada@example.com' },
    issue: { lastUtterance: 'hello' },
    transcript: [],
    resultsPresented: [],
  },
  ticket: { number: 'INC0001', ref: 'abc', url: 'https://sn.example.com/INC0001' },
} satisfies HandoffContext<unknown>;

describe('templates', () => {
  it('fills placeholders and encodes only the filled values', () => {
    const values = placeholderValues(context, 'a&b c');
    expect(renderTemplate('https://x.example/{ticketNumber}?q={lastUtterance}&n={userFirstName}', values, { encode: encodeURIComponent })).toBe(
      'https://x.example/INC0001?q=a%26b%20c&n=Ada',
    );
  });

  it('splits a name at its first space and leaves missing values empty', () => {
    expect(placeholderValues(context)).toMatchObject({
      userName: 'Ada King Lovelace',
      userFirstName: 'Ada',
      userLastName: 'King Lovelace',
      userDepartment: '',
      channel: '',
      idempotencyKey: 'chain-1',
    });
    const single = placeholderValues({ ...context, request: { ...context.request, user: { id: 'u-2', name: 'Cher' } }, ticket: undefined });
    expect(single).toMatchObject({ userFirstName: 'Cher', userLastName: '', userEmail: '', ticketNumber: '', ticketUrl: '' });
  });

  it('resolves ${ENV} references only where the caller passes an environment', () => {
    const values = placeholderValues(context);
    expect(renderTemplate('Bearer ${TOKEN}:{idempotencyKey}', values, { env: { TOKEN: 't0k3n' } })).toBe('Bearer t0k3n:chain-1');
    expect(() => renderTemplate('Bearer ${TOKEN}', values)).toThrow(/secret references are allowed only in request headers/);
    expect(() => renderTemplate('Bearer ${MISSING}', values, { env: {} })).toThrow('environment variable MISSING is not set');
  });

  it('reports every problem of a template', () => {
    expect(parseTemplate('{a} {lastUtterance} }', { placeholders: ['lastUtterance'] }).problems).toEqual([
      'unknown placeholder {a}; this field takes {lastUtterance}',
      'unmatched "}" at character 21; braces are reserved for {placeholders}',
    ]);
  });
});

describe('cutting the last utterance', () => {
  it('never splits a user-perceived character', () => {
    expect(charactersOf('a👨‍👩‍👧🇫🇷é')).toEqual(['a', '👨‍👩‍👧', '🇫🇷', 'é']);
    expect(cutToCharacters('a👨‍👩‍👧🇫🇷', 2)).toBe('a👨‍👩‍👧');
    expect(cutToUtf8Bytes('ab👨‍👩‍👧', 10)).toBe('ab');
    expect(cutToUtf8Bytes('éé', 3)).toBe('é');
  });

  it('keeps the longest prefix that fits, and reports when nothing fits', () => {
    const build = (cut: string) => `https://x.example/?q=${encodeURIComponent(cut)}`;
    const fits = (url: string) => url.length <= 40;
    const url = buildWithFittingUtterance('🚀'.repeat(10), build, fits)!;
    expect(url).toBe(build('🚀'));
    expect(buildWithFittingUtterance('short', build, fits)).toBe(build('short'));
    expect(buildWithFittingUtterance('x', () => 'y'.repeat(50), fits)).toBeUndefined();
  });
});

describe('query strings', () => {
  it('appends to an existing query, encodes spaces as %20 and leaves out empty values', () => {
    expect(
      withQuery('https://x.example/p?a=1#top', [
        ['q', 'a b+c'],
        ['empty', ''],
        ['none', undefined],
        ['k.e y', 'v'],
      ]),
    ).toBe('https://x.example/p?a=1&q=a%20b%2Bc&k.e%20y=v#top');
  });
});
