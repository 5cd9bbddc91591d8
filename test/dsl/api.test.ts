import { describe, expect, it } from 'vitest';
import { compileRule, evaluateRule, isTruthy, RuleEvaluationError, RuleSyntaxError } from '../../dsl/index';
import { run, valueOf } from './helpers';

describe('compileRule', () => {
  it('returns the source with its syntax tree', () => {
    const rule = compileRule('user.department == "Sales"');
    expect(rule.source).toBe('user.department == "Sales"');
    expect(rule.ast).toMatchObject({ kind: 'binary', operator: '==' });
  });

  it('throws RuleSyntaxError for an invalid rule', () => {
    expect(() => compileRule('user.department ==')).toThrow(RuleSyntaxError);
    expect(() => compileRule('user.department ==')).toThrow('line 1, column 19: expected an expression but found end of input');
  });

  it('rejects a source that is not a text, even from untyped callers', () => {
    expect(() => compileRule(42 as unknown as string)).toThrow(RuleSyntaxError);
    expect(() => compileRule(42 as unknown as string)).toThrow('line 1, column 1: a rule must be a text');
  });
});

describe('evaluateRule', () => {
  it('offers live agent when the value is truthy', () => {
    expect(run('user.department == "Sales"', { user: { department: 'Sales' } })).toEqual({ ok: true, value: true, offered: true });
    expect(run('user.tags', { user: { tags: ['vip'] } })).toEqual({ ok: true, value: ['vip'], offered: true });
  });

  it('does not offer live agent when the value is falsy', () => {
    for (const rule of ['FALSE', 'NULL', '0', '""', '[]', '{}', 'missing']) {
      expect(run(rule)).toMatchObject({ ok: true, offered: false });
    }
  });

  it('returns evaluation errors instead of throwing them', () => {
    const outcome = run('1 < "a"');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error).toBeInstanceOf(RuleEvaluationError);
      expect(outcome.error.name).toBe('RuleEvaluationError');
      expect(outcome.error).toMatchObject({ code: 'type-mismatch', line: 1, column: 3 });
    }
  });

  it('reads undefined as NULL, dates as ISO-8601 texts and non-finite numbers as NULL', () => {
    const payload = { a: undefined, when: new Date('2024-01-02T03:04:05Z'), big: Infinity, list: [undefined, 1] };
    expect(valueOf('[a, when, big, list]', payload)).toEqual([null, '2024-01-02T03:04:05.000Z', null, [null, 1]]);
    expect(valueOf('"a" IN $PARSE_JSON("{\\"a\\": 1}")')).toBe(true);
  });

  it('reports a circular payload instead of following it forever', () => {
    const user: Record<string, unknown> = { name: 'loop' };
    user.self = user;
    const outcome = evaluateRule(compileRule('user.name'), { user });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'depth-limit' } });
  });

  it('reports a payload that throws while being read, without throwing', () => {
    const payload = Object.defineProperty({}, 'user', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    }) as Record<string, unknown>;
    const outcome = evaluateRule(compileRule('user'), payload);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!outcome.ok) expect(outcome.error.message).toBe('unexpected failure while evaluating the rule: boom');
  });

  it('rejects a payload that is not an object', () => {
    const outcome = evaluateRule(compileRule('TRUE'), null as unknown as Record<string, unknown>);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'bad-argument', message: 'the payload must be an object' } });
  });

  it('rejects a `now` option that is not a valid time', () => {
    for (const now of ['soon', new Date(Number.NaN)]) {
      const outcome = evaluateRule(compileRule('TRUE'), {}, { now });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'bad-argument', message: 'the `now` option is not a valid time' } });
    }
  });

  it('does not change the payload', () => {
    const payload = { items: [3, 1, 2] };
    valueOf('items.$MAP(x => x * 2)', payload);
    expect(payload).toEqual({ items: [3, 1, 2] });
  });
});

describe('isTruthy', () => {
  it('treats "", 0, NULL, FALSE, [] and {} as falsy', () => {
    expect(['', 0, null, false, [], {}].map(isTruthy)).toEqual([false, false, false, false, false, false]);
    expect(['0', 1, -1, true, [null], { a: null }].map(isTruthy)).toEqual([true, true, true, true, true, true]);
  });
});
