import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleEvaluationError } from '../../dsl/errors';
import { matchesPattern } from '../../dsl/regex-guard';
import { evaluationErrorOf, valueOf } from './helpers';

function rejection(text: string, pattern: string): RuleEvaluationError {
  try {
    matchesPattern(text, pattern);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleEvaluationError);
    return error as RuleEvaluationError;
  }
  throw new Error(`expected ${pattern} to be rejected`);
}

describe('$MATCH patterns', () => {
  it.each([
    ['abc', 'b', true],
    ['abc', '^b', false],
    ['abc', 'c$', true],
    ['abc', '^abc$', true],
    ['a.c', 'a\\.c', true],
    ['abc', 'a.c', true],
    ['a\nc', 'a.c', false],
    ['x42y', '\\d+', true],
    ['xy', '\\d', false],
    ['a_1', '^\\w+$', true],
    ['a b', '\\s', true],
    ['ab', '\\S\\S', true],
    ['ABC', '[a-z]', false],
    ['ABC', '[^a-z]', true],
    ['a-b', '[\\w-]{3}', true],
    ['cat', 'dog|cat', true],
    ['cot', 'c(a|o)t', true],
    ['ct', 'c(?:a|o)t', false],
    ['cart', 'c(?<middle>ar)t', true],
    ['aaa', '^a{3}$', true],
    ['aa', '^a{3}$', false],
    ['aaaa', '^a{2,3}$', false],
    ['aaaa', '^a{2,}$', true],
    ['colour', 'colou?r', true],
    ['aaab', 'a+?b', true],
    ['foo bar', '\\bbar\\b', true],
    ['foobar', '\\bbar\\b', false],
    ['foobar', 'o\\Bb', true],
    ['{x}', '{x}', true],
    ['é😀', '^é😀$', true],
    ['tab\there', 'tab\\there', true],
    ['AZ', '\\x41\\u005A', true],
    ['', '', true],
    ['abcabc', '(abc){2}', true],
  ])('matching %j against /%s/ gives %s', (text, pattern, expected) => {
    expect(matchesPattern(text, pattern)).toBe(expected);
  });

  it('agrees with JavaScript regular expressions on every pattern it accepts', () => {
    const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', '\\w', '\\s', '\\b', '^', '$', '(ab)', '(?:a|b)');
    const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,2}', '{2,}', '*?');
    const piece = fc.tuple(atom, quantifier).map(([a, q]) => (/^[\^$]|\\b/.test(a) ? a : a + q));
    const pattern = fc.array(piece, { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join(''));
    const branchy = fc.tuple(pattern, fc.option(pattern)).map(([a, b]) => (b === null ? a : `${a}|${b}`));
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', '_', '-', '\n'), maxLength: 12 });
    fc.assert(
      fc.property(branchy, text, (source, input) => {
        let ours: boolean;
        try {
          ours = matchesPattern(input, source);
        } catch (error) {
          expect((error as RuleEvaluationError).code).toBe('unsafe-regex');
          return;
        }
        expect(ours).toBe(new RegExp(source).test(input));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('$MATCH safety', () => {
  it('rejects the classic catastrophic pattern (a+)+$ as a nested quantifier', () => {
    const error = evaluationErrorOf(`$MATCH("${'a'.repeat(5000)}!", "(a+)+$")`);
    expect(error.code).toBe('unsafe-regex');
    expect(error.message).toBe("line 1, column 1: unsafe regular expression: nested quantifier: the repeated group '(a+)' itself contains a quantifier");
  });

  it.each(['(a*)*', '(a?)+', '(\\w+\\s?)*$', '((ab)+)+', '(x[a-z]{1,5})+', '(?:a+){2,}'])('rejects the nested quantifier in %s', (pattern) => {
    const error = rejection('aaaa!', pattern);
    expect(error.code).toBe('unsafe-regex');
    expect(error.message).toMatch(/^unsafe regular expression: nested quantifier: the repeated group '.+' itself contains a quantifier$/);
  });

  it('rejects a repeated alternation such as (a|aa)+', () => {
    const error = rejection('aaaa!', '(a|aa)+');
    expect(error.code).toBe('unsafe-regex');
    expect(error.message).toBe("unsafe regular expression: nested quantifier: the repeated group '(a|aa)' contains an alternation");
  });

  it('allows groups repeated at most once, or holding only fixed counts', () => {
    expect(matchesPattern('aaa', '(a+)?')).toBe(true);
    expect(matchesPattern('123-456-', '^(\\d{3}-)+$')).toBe(true);
  });

  it('rejects backreferences', () => {
    expect(rejection('aa', '(a)\\1').message).toBe('unsafe regular expression: backreferences are not supported');
    expect(rejection('aa', '(?<x>a)\\k<x>').code).toBe('unsafe-regex');
  });

  it('rejects lookaheads and lookbehinds', () => {
    for (const pattern of ['a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b']) {
      const error = rejection('ab', pattern);
      expect(error.code).toBe('unsafe-regex');
      expect(error.message).toBe('unsafe regular expression: lookarounds (lookahead and lookbehind) are not supported');
    }
  });

  it('rejects a pattern longer than 200 characters', () => {
    const error = rejection('a', 'a'.repeat(201));
    expect(error.code).toBe('unsafe-regex');
    expect(error.message).toBe('unsafe regular expression: pattern of 201 characters exceeds the limit of 200');
  });

  it('rejects an input longer than 10,000 characters', () => {
    const error = rejection('a'.repeat(10_001), 'a');
    expect(error.code).toBe('size-limit');
    expect(error.message).toBe('$MATCH input of 10001 characters exceeds the limit of 10000');
  });

  it('rejects a pattern whose counted repetitions expand beyond the matcher limit', () => {
    const error = rejection('a', '(a{1000}){1000}');
    expect(error.code).toBe('unsafe-regex');
    expect(error.message).toBe('unsafe regular expression: the pattern expands to more than 2000 matcher states');
  });

  it('answers polynomial-backtracking patterns on long inputs, since the matcher never backtracks', () => {
    const input = 'a'.repeat(10_000);
    expect(matchesPattern(input, 'a*a*a*a*a*b')).toBe(false);
    expect(matchesPattern(`${'x='.repeat(4_999)}`, '.*.*=.*;')).toBe(false);
    expect(valueOf('$MATCH(t, "\\\\w*\\\\d*\\\\w*!")', { t: `${'a1'.repeat(4_999)}` })).toBe(false);
  });

  it('charges matching work to the step limit, so repeated costly matches stop the rule', () => {
    const payload = { t: 'a'.repeat(10_000), items: Array.from({ length: 200 }, (_, index) => index) };
    expect(evaluationErrorOf('$MATCH(t, "[a-z]{0,900}b")', payload).code).toBe('step-limit');
    expect(evaluationErrorOf('items.$MAP(i => $MATCH(t, "[a-z]{0,20}b"))', payload).code).toBe('step-limit');
    expect(valueOf('$MATCH(t, "[a-z]{0,900}b")', payload, { maxSteps: 1_000_000 })).toBe(false);
  });

  it('reports invalid patterns as bad arguments', () => {
    for (const [pattern, reason] of [
      ['(a', "missing ')' at position 3"],
      ['a)', "unmatched ')' at position 2"],
      ['[a', "missing ']' at position 3"],
      ['*a', 'nothing to repeat at position 1'],
      ['a**', 'nothing to repeat at position 3'],
      ['a{3,2}', 'numbers out of order in {} quantifier at position 2'],
      ['[z-a]', 'range out of order in character class at position 5'],
      ['\\p{L}', "unsupported escape '\\p' at position 3"],
      ['a\\', '\\ at end of pattern at position 3'],
    ] as const) {
      const error = rejection('a', pattern);
      expect(error.code, pattern).toBe('bad-argument');
      expect(error.message, pattern).toBe(`invalid regular expression: ${reason}`);
    }
  });
});
