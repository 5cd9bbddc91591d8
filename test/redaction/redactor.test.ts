import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load';
import { compileSafePattern, findPatternSpans } from '../../dsl';
import { passesLuhn, passesMod97 } from '../../lib/redaction/detectors';
import { createRedactor } from '../../lib/redaction/redactor';
import { redactRequest } from '../../lib/redaction/request';
import { problemsOf as configProblems } from '../support/config-problems';

const VISA = '4111 1111 1111 1111';
const ORDER_FAILING_LUHN = '1234567812345678';
const IBAN = 'DE89 3704 0044 0532 0130 00';

describe('the built-in redactions', () => {
  const redactor = createRedactor(['card-number', 'ssn', 'iban', { pattern: 'ORD-[0-9]{8}', label: 'order' }]);

  it('replaces a card number that passes Luhn, grouped or not, and leaves a 16-digit number that fails it', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn(ORDER_FAILING_LUHN)).toBe(false);
    expect(redactor.text(`card ${VISA}, again 4111-1111-1111-1111 or 4111111111111111`)).toBe('card [card number], again [card number] or [card number]');
    expect(redactor.text(`my order ${ORDER_FAILING_LUHN} is late`)).toBe(`my order ${ORDER_FAILING_LUHN} is late`);
  });

  it('replaces an SSN with dashes or spaces, not one the SSA never issues or a longer number', () => {
    expect(redactor.text('SSN 078-05-1120 or 078 05 1120')).toBe('SSN [ssn] or [ssn]');
    expect(redactor.text('000-12-3456, 666-12-3456, 078-05-11201')).toBe('000-12-3456, 666-12-3456, 078-05-11201');
  });

  it('replaces an IBAN whose check digits hold, and not the word after it', () => {
    expect(passesMod97('DE89370400440532013000')).toBe(true);
    expect(redactor.text(`pay to ${IBAN} THANKS`)).toBe('pay to [iban] THANKS');
    expect(redactor.text('pay to DE00 3704 0044 0532 0130 00')).toBe('pay to DE00 3704 0044 0532 0130 00');
  });

  it('replaces a custom pattern with its label, leftmost-longest, every time it occurs', () => {
    expect(redactor.text('ORD-12345678 and ORD-87654321, not ORD-1234')).toBe('[order] and [order], not ORD-1234');
    expect(redactor.markers).toEqual(['[card number]', '[ssn]', '[iban]', '[order]']);
  });

  it('finds spans on the linear matcher: longest at the leftmost start, none empty, astral characters counted right', () => {
    const pattern = compileSafePattern('a|ab|abc');
    expect(findPatternSpans(pattern, 'xxabcab')).toEqual([
      { start: 2, end: 5 },
      { start: 5, end: 7 },
    ]);
    expect(findPatternSpans(compileSafePattern('b*'), 'abba')).toEqual([{ start: 1, end: 3 }]);
    expect(findPatternSpans(compileSafePattern('x+'), '😀xx😀x')).toEqual([
      { start: 2, end: 4 },
      { start: 6, end: 7 },
    ]);
    expect(findPatternSpans(compileSafePattern('\\bid\\d+'), 'id1 xid2 id33')).toEqual([
      { start: 0, end: 3 },
      { start: 9, end: 13 },
    ]);
  });

  it('redacts the issue and the earlier chat of a request, and leaves the rest', () => {
    const request = {
      conversationId: 'c',
      profile: 'p',
      user: { id: 'u', name: 'Ada 4111111111111111' },
      issue: { lastUtterance: `card ${VISA}`, summary: 'ssn 078-05-1120', details: IBAN },
      transcript: [{ from: 'bot' as const, text: `you said ${VISA}` }],
      resultsPresented: [],
    };
    expect(redactRequest(redactor, request)).toEqual({
      ...request,
      issue: { lastUtterance: 'card [card number]', summary: 'ssn [ssn]', details: '[iban]' },
      transcript: [{ from: 'bot', text: 'you said [card number]' }],
    });
    expect(request.issue.lastUtterance).toBe(`card ${VISA}`);
  });
});

describe('a profile’s redact list', () => {
  const profile = (redact: string) => `profiles:\n  p:\n    mode: broker\n    platform: local-desk\n    redact: ${redact}\n`;

  it('compiles into the profile’s redactor', () => {
    const config = parseConfig(profile("[card-number, { pattern: 'ORD-[0-9]{8}', label: order }]"));
    expect(config.profiles.get('p')!.redactor.text('ORD-12345678 4111111111111111')).toBe('[order] [card number]');
  });

  it('refuses an unsafe or overlong pattern, a bad label, an unknown built-in and a repeat, each with its reason', () => {
    expect(configProblems(profile("[{ pattern: '(a+)+', label: x }]"))).toEqual([
      expect.stringMatching(/^profiles\.p\.redact\.0\.pattern: unsafe regular expression/),
    ]);
    expect(configProblems(profile(`[{ pattern: '${'a'.repeat(201)}', label: x }]`))).toEqual([
      expect.stringMatching(/^profiles\.p\.redact\.0\.pattern: .*exceeds the limit of 200/),
    ]);
    expect(configProblems(profile("[{ pattern: 'x', label: 'Big Label!' }]"))).toEqual([
      expect.stringMatching(/^profiles\.p\.redact\.0\.label: is 1 to 40 lowercase/),
    ]);
    expect(configProblems(profile('[passport]')).join('\n')).toMatch(/profiles\.p\.redact\.0/);
    expect(configProblems(profile('[ssn, ssn]'))).toEqual([expect.stringMatching(/^profiles\.p\.redact: names each redaction at most once/)]);
  });
});
