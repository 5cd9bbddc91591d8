import { describe, expect, it } from 'vitest';
import type { Expr } from '../../dsl/ast';
import { evaluateRule } from '../../dsl/index';
import { evaluationErrorOf, valueOf } from './helpers';

const range = (length: number): number[] => Array.from({ length }, (_, index) => index);
const at = { offset: 0, line: 1, column: 1 };

describe('the step limit', () => {
  it('stops a rule that needs more steps than allowed', () => {
    const error = evaluationErrorOf('items.$MAP(x => x + 1)', { items: range(20_000) });
    expect(error.code).toBe('step-limit');
    expect(error.detail).toBe('the rule needs more than 10000 evaluation steps');
  });

  it('takes the limit from the options', () => {
    expect(evaluationErrorOf('1 + 1 + 1', {}, { maxSteps: 3 }).code).toBe('step-limit');
    expect(valueOf('1 + 1 + 1', {}, { maxSteps: 5 })).toBe(3);
  });

  it('counts list elements visited by IN and $CONCAT', () => {
    expect(evaluationErrorOf('-1 IN items', { items: range(20_000) }).code).toBe('step-limit');
    expect(evaluationErrorOf('items.$CONCAT()', { items: range(20_000) }).code).toBe('step-limit');
  });

  it('rejects a limit that is not a positive whole number', () => {
    for (const maxSteps of [0, -1, 1.5, Number.NaN]) {
      const error = evaluationErrorOf('TRUE', {}, { maxSteps });
      expect(error.code).toBe('bad-argument');
      expect(error.message).toBe('the `maxSteps` option must be a positive whole number');
    }
  });
});

describe('the size limits', () => {
  it('stops a text growing past 100,000 characters', () => {
    const error = evaluationErrorOf('items.$REDUCE((acc, x) => acc + acc, "ab")', { items: range(20) });
    expect(error.code).toBe('size-limit');
    expect(error.detail).toBe('text of 131072 characters exceeds the limit of 100000');
  });

  it('stops a list growing past 10,000 elements', () => {
    const error = evaluationErrorOf('items.$REDUCE((acc, x) => acc + acc, [1])', { items: range(20) });
    expect(error.code).toBe('size-limit');
    expect(error.detail).toBe('list of 16384 elements exceeds the limit of 10000');
  });

  it('checks the results of $SPLIT, $CONCAT, $REPLACE, $TEXT and $MAP', () => {
    const big = 'a'.repeat(60_000);
    const payload = { big, parts: [big, big], many: range(9_000) };
    expect(evaluationErrorOf('big.$SPLIT("")', payload).detail).toBe('list of 60000 elements exceeds the limit of 10000');
    expect(evaluationErrorOf('parts.$CONCAT()', payload).detail).toBe('text of 120000 characters exceeds the limit of 100000');
    expect(evaluationErrorOf('big.$REPLACE("a", "aa")', payload).detail).toBe('text of 120000 characters exceeds the limit of 100000');
    expect(evaluationErrorOf('parts.$TEXT()', payload).detail).toBe('text form exceeds the limit of 100000 characters');
    expect(evaluationErrorOf('many.$MAP(x => big).$TEXT()', payload, { maxSteps: 100_000 }).code).toBe('size-limit');
  });

  it('lets the payload itself be larger than the limits', () => {
    expect(valueOf('big.$LENGTH()', { big: 'a'.repeat(200_000) })).toBe(200_000);
  });
});

describe('the depth limits', () => {
  it('stops a hand-built tree nested deeper than 64 levels instead of overflowing the stack', () => {
    let ast: Expr = { kind: 'literal', value: true, position: at };
    for (let level = 0; level < 10_000; level += 1) ast = { kind: 'not', operand: ast, position: at };
    const outcome = evaluateRule({ source: '(built)', ast }, {});
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('depth-limit');
      expect(outcome.error.message).toBe('line 1, column 1: expression nested deeper than 64 levels');
    }
  });

  it('stops a value nested deeper than 100 levels', () => {
    const error = evaluationErrorOf('items.$REDUCE((acc, x) => [acc], [])', { items: range(150) });
    expect(error.code).toBe('depth-limit');
    expect(error.message).toBe('value nested deeper than 100 levels');
    expect(evaluationErrorOf('items.$REDUCE((acc, x) => [acc], []).$TEXT()', { items: range(150) }).code).toBe('depth-limit');
  });

  it('compares deeply nested values without overflowing the stack', () => {
    const deep = (levels: number): unknown => (levels === 0 ? 1 : [deep(levels - 1)]);
    const build = 'items.$REDUCE((acc, x) => [acc], 1)';
    expect(evaluationErrorOf(`${build} == ${build}`, { items: range(500) }).code).toBe('depth-limit');
    expect(valueOf('a == b', { a: deep(50), b: deep(50) })).toBe(true);
  });
});
