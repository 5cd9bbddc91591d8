/**
 * The built-in redactions: where a payment card number (checked with Luhn), a US Social Security
 * number or an IBAN (checked with its mod-97 digits) stands in a text. Each finder answers spans;
 * a number that fails its check is left alone (a 16-digit order number is not a card).
 */
import type { TextSpan } from './spans';

/** 13 to 19 digits, alone or grouped by single spaces or dashes (`4111 1111-1111 1111`). */
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;

/** AAA-GG-SSSS (or spaced), without the numbers the SSA never issues (000, 666, 9xx, 00, 0000). */
const SSN = /(?<!\d)(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?!\d)/g;

/** A country code, two check digits, then 11 to 30 letters or digits, alone or in groups of four. */
const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;

export function findCardNumbers(text: string): TextSpan[] {
  return spansOf(text, CARD_CANDIDATE, (candidate) => passesLuhn(candidate.replace(/[ -]/g, '')));
}

export function findSsns(text: string): TextSpan[] {
  return spansOf(text, SSN, () => true);
}

/** An IBAN is checked as a whole; one followed by another group (a word in capitals) is shortened group by group until it checks. */
export function findIbans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const match of text.matchAll(IBAN_CANDIDATE)) {
    let candidate = match[0];
    while (candidate.replace(/ /g, '').length >= 15) {
      if (passesMod97(candidate.replace(/ /g, ''))) {
        spans.push({ start: match.index, end: match.index + candidate.length });
        break;
      }
      const lastSpace = candidate.lastIndexOf(' ');
      if (lastSpace < 0) break;
      candidate = candidate.slice(0, lastSpace);
    }
  }
  return spans;
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** ISO 13616: the first four characters moved to the end, letters as 10..35, the number mod 97 is 1. */
export function passesMod97(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' && char <= 'Z' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

function spansOf(text: string, pattern: RegExp, check: (candidate: string) => boolean): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    if (check(match[0])) spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return spans;
}
