/**
 * Times are ISO-8601 texts in UTC (`2024-05-01T09:30:00.000Z`), so that they compare with `<` as
 * texts. These helpers read and write them without `Date.parse`, whose handling of other
 * formats differs between engines.
 */

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const MS_PER_DAY = 86_400_000;
// ECMAScript dates reach 100,000,000 days either side of 1970.
const MAX_EPOCH_MS = 8.64e15;

/** Milliseconds since 1970 for an ISO-8601 date or date-time (UTC when it names no offset), else null. */
export function parseTime(text: string): number | null {
  const match = ISO_TIME.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((field) => Number(field ?? 0)) as [number, number, number, number, number, number];
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offsetMinutes = parseOffset(match[8] ?? 'Z');
  if (offsetMinutes === null) return null;
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, milliseconds);
  return checkRange(date.getTime() - offsetMinutes * 60_000);
}

export function formatIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function addDays(epochMs: number, days: number): number | null {
  return checkRange(epochMs + days * MS_PER_DAY);
}

/**
 * Formats a time in UTC. Tokens: `YYYY` year, `MM` month, `DD` day, `HH` hour (00-23), `mm`
 * minute, `ss` second; every other character is copied as written.
 */
export function formatTime(epochMs: number, pattern: string): string {
  const date = new Date(epochMs);
  const tokens: Readonly<Record<string, string>> = {
    YYYY: String(date.getUTCFullYear()).padStart(4, '0'),
    MM: pad2(date.getUTCMonth() + 1),
    DD: pad2(date.getUTCDate()),
    HH: pad2(date.getUTCHours()),
    mm: pad2(date.getUTCMinutes()),
    ss: pad2(date.getUTCSeconds()),
  };
  let output = '';
  for (let index = 0; index < pattern.length;) {
    const token = Object.keys(tokens).find((candidate) => pattern.startsWith(candidate, index));
    if (token === undefined) {
      output += pattern[index];
      index += 1;
    } else {
      output += tokens[token];
      index += token.length;
    }
  }
  return output;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function parseOffset(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function checkRange(epochMs: number): number | null {
  return Number.isFinite(epochMs) && Math.abs(epochMs) <= MAX_EPOCH_MS ? epochMs : null;
}
