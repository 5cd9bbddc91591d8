/**
 * The README's "Operating it" section keeps up with the workflow's contract: every query, signal
 * and update, and every search attribute, is listed with its kind.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_PATH } from '../../scripts/platform-table';
import * as definitions from '../../workflows/definitions';
import { ENDINGS } from '../../workflows/endings';
import { HANDOFF_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

function operatingSection(): string {
  const readme = readFileSync(README_PATH, 'utf8');
  const start = readme.indexOf('\n## Operating it\n');
  expect(start, 'the README has a section "## Operating it"').toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

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

describe('the README for operators', () => {
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
    const section = operatingSection();
    for (const { name, type } of handlers) expect(section, name).toContain(`| \`${name}\` | ${type} |`);
  });

  it('says what every search attribute means', () => {
    const section = operatingSection();
    for (const key of HANDOFF_SEARCH_ATTRIBUTES) expect(section, key.name).toMatch(new RegExp(`^\\| \`${key.name}\` \\| \\S`, 'm'));
  });

  it("names the reason an operator's cancel ends a handoff with, and the one a terminated run reads as", () => {
    const section = operatingSection();
    expect(ENDINGS.operatorCancelled).toMatchObject({ status: 'cancelled', reason: 'operator' });
    expect(section).toContain('`cancelled` with reason `operator`');
    expect(section).toContain('`failed` with reason `terminated`');
  });
});
