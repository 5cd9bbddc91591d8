/**
 * The pages a person reads: README.md, which keeps what a first hour needs, and the pages under
 * docs/ it links to. The tests that hold them to the code read them from here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const README_PATH = path.join(REPOSITORY_ROOT, 'README.md');
export const DOCS_DIR = path.join(REPOSITORY_ROOT, 'docs');

/** A page under docs/, by its file name (`operating.md`). */
export function readDocsPage(name: string): string {
  return readFileSync(path.join(DOCS_DIR, name), 'utf8');
}

/** README.md and every page under docs/, as absolute paths. */
export function docPagePaths(): string[] {
  const pages = readdirSync(DOCS_DIR)
    .filter((name) => name.endsWith('.md'))
    .sort();
  return [README_PATH, ...pages.map((name) => path.join(DOCS_DIR, name))];
}

/** The page with its fenced blocks blanked, line for line: a `#` line in one is a shell or YAML comment, not a heading. */
export function withoutFencedBlocks(page: string): string {
  let inFence = false;
  return page
    .split('\n')
    .map((line) => {
      if (line.startsWith('```')) inFence = !inFence;
      return inFence || line.startsWith('```') ? '' : line;
    })
    .join('\n');
}

/** The part of a page from a heading (`## Metrics`) to the next heading of the same or a higher level. */
export function sectionOf(page: string, heading: string): string {
  const lines = page.split('\n');
  const prose = withoutFencedBlocks(page).split('\n');
  const start = prose.indexOf(heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = heading.indexOf(' ');
  const end = prose.findIndex((line, index) => index > start && new RegExp(`^#{1,${level}} `).test(line));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}
