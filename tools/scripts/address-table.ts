/**
 * The table `npm start` prints once everything serves: one row per address, token or folder a
 * person needs. The README's table under "npm start prints where everything is" has the same rows
 * (test/docs/commands.integration.test.ts keeps them together).
 */

export interface AddressRow {
  /** What it is: `API`, `worker metrics`, ... */
  what: string;
  where: string;
  /** Said after it, in parentheses. */
  note?: string;
}

const LABEL_WIDTH = 15;

export function formatAddressTable(rows: readonly AddressRow[]): string {
  return rows.map(({ what, where, note }) => `  ${what.padEnd(LABEL_WIDTH)}${where}${note ? `   (${note})` : ''}`).join('\n');
}

/** The rows of a printed table, by what they name: the inverse of `formatAddressTable`. */
export function parseAddressTable(text: string): AddressRow[] {
  return text.split('\n').flatMap((line) => {
    const rest = /^(\S.*?)(?: {3}\((.*)\))?$/.exec(line.slice(2 + LABEL_WIDTH));
    if (!line.startsWith('  ') || !rest) return [];
    return [{ what: line.slice(2, 2 + LABEL_WIDTH).trim(), where: rest[1]!, ...(rest[2] !== undefined && { note: rest[2] }) }];
  });
}
