/**
 * docs/operating.md keeps up with the workflow's contract: every query, signal and update, and
 * every search attribute, is listed with its kind.
 */
import { describe, expect, it } from 'vitest';
import * as definitions from '../../workflows/definitions';
import { ENDINGS } from '../../workflows/endings';
import { HANDOFF_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { readDocsPage } from '../support/doc-pages';

interface Handler {
  type: 'query' | 'signal' | 'update';
  name: string;
}

const handlers: Handler[] = (Object.values(definitions) as unknown[]).filter(
  (value): value is Handler =>
    typeof value === 'object' &&
    value !== null &&
    ['query', 'signal', 'update'].includes((value as Handler).type) &&
    typeof (value as Handler).name === 'string',
);

describe('docs/operating.md', () => {
  const page = readDocsPage('operating.md');

  it('lists every query, signal and update of the workflow, as a row naming its kind', () => {
    expect(handlers.map((h) => h.type).sort()).toEqual([
      'query',
      'query',
      'query',
      'signal',
      'signal',
      'update',
      'update',
      'update',
      'update',
      'update',
      'update',
    ]);
    for (const { name, type } of handlers) expect(page, name).toContain(`| \`${name}\` | ${type} |`);
  });

  it('says what every search attribute means', () => {
    for (const key of HANDOFF_SEARCH_ATTRIBUTES) expect(page, key.name).toMatch(new RegExp(`^\\| \`${key.name}\` \\| \\S`, 'm'));
  });

  it("names the reason an operator's cancel ends a handoff with, and the one a terminated run reads as", () => {
    expect(ENDINGS.operatorCancelled).toMatchObject({ status: 'cancelled', reason: 'operator' });
    expect(page).toContain('`cancelled` with reason `operator`');
    expect(page).toContain('`failed` with reason `terminated`');
  });
});
