import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../platforms';
import { platformSection, PLATFORMS_PAGE_PATH, withPlatformSection } from '../../tools/scripts/platform-table';
import { docPagePaths, README_PATH, REPOSITORY_ROOT, withoutFencedBlocks } from '../support/doc-pages';

const MAX_README_LINES = 250;

/** The targets of a page's links that are not URLs (`docs/operating.md#safe-recipes`); a `](` in code is not a link. */
function relativeLinks(page: string): string[] {
  const prose = withoutFencedBlocks(page).replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, each space a hyphen, a repeat numbered. */
function anchorsOf(page: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, text] of withoutFencedBlocks(page).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = text!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const repeats = seen.get(slug) ?? 0;
    seen.set(slug, repeats + 1);
    anchors.add(repeats === 0 ? slug : `${slug}-${repeats}`);
  }
  return anchors;
}

describe('the README', () => {
  const readme = readFileSync(README_PATH, 'utf8');

  it(`keeps to what a first hour needs: at most ${MAX_README_LINES} lines`, () => {
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(MAX_README_LINES);
  });

  it('links every page under docs/', () => {
    const linked = new Set(relativeLinks(readme).map((target) => target.split('#')[0]));
    for (const page of docPagePaths().slice(1)) expect(linked, page).toContain(path.relative(REPOSITORY_ROOT, page));
  });
});

describe('the links of README.md and docs/', () => {
  it('each name a file that exists, and a heading of it when they name one', () => {
    const broken: string[] = [];
    for (const page of docPagePaths()) {
      for (const target of relativeLinks(readFileSync(page, 'utf8'))) {
        const [file, anchor] = target.split('#');
        const linked = file ? path.resolve(path.dirname(page), decodeURIComponent(file)) : page;
        // The spec (../shared/spec/) is kept beside the repository, not in it: a checkout may lack it.
        if (path.relative(REPOSITORY_ROOT, linked).startsWith('..')) continue;
        const where = `${path.relative(REPOSITORY_ROOT, page)}: ${target}`;
        if (!existsSync(linked)) broken.push(`${where} (no such file)`);
        else if (anchor !== undefined && linked.endsWith('.md') && !anchorsOf(readFileSync(linked, 'utf8')).has(anchor))
          broken.push(`${where} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('docs/platforms.md', () => {
  it('shows the platform table the registry describes (run `npm run docs` after changing a platform)', () => {
    const page = readFileSync(PLATFORMS_PAGE_PATH, 'utf8');
    expect(withPlatformSection(page)).toBe(page);
  });

  it('has a row naming every registered platform', () => {
    const section = platformSection();
    for (const platform of PLATFORMS) expect(section, platform.id).toContain(`\`${platform.id}\``);
  });
});
