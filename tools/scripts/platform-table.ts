/**
 * The platform table of docs/platforms.md, written from the registry: `npm run docs` rewrites the
 * part of that page between `<!-- platforms:start -->` and `<!-- platforms:end -->`, and
 * test/docs/readme.test.ts fails when the page says something else.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLATFORMS } from '../../platforms';
import type { HandoffMode } from '../../contracts/status';
import type { Platform, PlatformCapabilities } from '../../platforms/define';

export const PLATFORMS_PAGE_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'platforms.md');
const START = '<!-- platforms:start -->';
const END = '<!-- platforms:end -->';

const CAPABILITY_NAMES: Record<keyof PlatformCapabilities, string> = {
  userTyping: 'user typing',
  agentTyping: 'agent typing',
  transfers: 'transfers',
  attachments: 'attachments',
  availability: 'availability',
  queueStatus: 'queue position',
  dropsRepeatedUserMessages: 'drops repeated messages',
};

/** Every capability but availability and queue position is about a brokered chat, so a url or api row shows only those. */
function capabilitiesOf(platform: Platform, modes: readonly HandoffMode[]): string {
  const brokered = modes.includes('broker');
  const names = (Object.keys(CAPABILITY_NAMES) as Array<keyof PlatformCapabilities>).filter(
    (key) => platform.capabilities[key] && (brokered || key === 'availability' || (key === 'queueStatus' && modes.includes('api'))),
  );
  return names.map((key) => CAPABILITY_NAMES[key]).join(', ') || '–';
}

/** The table and the platforms' notes, as docs/platforms.md holds them between the markers. */
export function platformSection(platforms: readonly Platform[] = PLATFORMS): string {
  const rows = ['| platform | modes | capabilities | configuration keys | checked against |', '| --- | --- | --- | --- | --- |'];
  const notes: string[] = [];
  for (const platform of platforms) {
    for (const docs of [platform.docs].flat()) {
      const modes = docs.modes ?? platform.modes;
      const label = docs.label ?? `\`${platform.id}\``;
      rows.push(`| ${label} | ${modes.join(', ')} | ${capabilitiesOf(platform, modes)} | ${docs.configurationKeys} | ${docs.checkedAgainst} |`);
      if (docs.notes) notes.push(docs.notes.trim());
    }
  }
  return [rows.join('\n'), ...notes].join('\n\n');
}

/** docs/platforms.md with its platform section replaced. */
export function withPlatformSection(page: string, section = platformSection()): string {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/platforms.md lacks the ${START} … ${END} markers`);
  return `${page.slice(0, start + START.length)}\n${section}\n${page.slice(end)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const page = readFileSync(PLATFORMS_PAGE_PATH, 'utf8');
  const updated = withPlatformSection(page);
  if (updated !== page) writeFileSync(PLATFORMS_PAGE_PATH, updated);
  console.log(updated === page ? 'docs/platforms.md platform table is up to date' : 'docs/platforms.md platform table rewritten');
}
