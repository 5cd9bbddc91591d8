import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../dsl/functions';
import { evaluationErrorOf, run, valueOf } from './helpers';

describe('the function table', () => {
  it('holds exactly the functions of the spec', () => {
    expect([...FUNCTIONS.keys()].sort()).toEqual(
      [
        '$LOWERCASE',
        '$UPPERCASE',
        '$TRIM',
        '$CONCAT',
        '$SPLIT',
        '$REPLACE',
        '$STARTS_WITH',
        '$ENDS_WITH',
        '$MATCH',
        '$TEXT',
        '$URLENCODE',
        '$LENGTH',
        '$MAP',
        '$FILTER',
        '$ANY',
        '$ALL',
        '$FIND',
        '$REDUCE',
        '$COALESCE',
        '$INTEGER',
        '$DECIMAL',
        '$PARSE_JSON',
        '$TIME',
        '$PARSE_TIME',
        '$FORMAT_TIME',
        '$ADD_DATE',
      ].sort(),
    );
  });

  it('gives NULL when the first argument is NULL, except where NULL has a meaning', () => {
    const passThrough = [
      'missing.$LOWERCASE()',
      'missing.$SPLIT(",")',
      'missing.$MAP(x => x)',
      'missing.$STARTS_WITH("a")',
      'missing.$INTEGER()',
      'missing.$PARSE_TIME()',
      'missing.$CONCAT()',
      'missing.$REDUCE((a, x) => a, 0)',
    ];
    for (const rule of passThrough) expect(valueOf(rule), rule).toBeNull();
    expect(valueOf('missing.$TEXT()')).toBe('');
    expect(valueOf('missing.$LENGTH()')).toBe(0);
    expect(valueOf('$COALESCE(missing, 1)')).toBe(1);
  });

  it('names the function, the argument and the types in a type mismatch', () => {
    const error = evaluationErrorOf('$LOWERCASE(1)');
    expect(error.code).toBe('type-mismatch');
    expect(error.message).toBe('line 1, column 1: $LOWERCASE: argument 1 (text) must be a text, got number');
    expect(evaluationErrorOf('"a".$SPLIT(1)').message).toBe('line 1, column 5: $SPLIT: argument 2 (separator) must be a text, got number');
  });
});

describe('text functions', () => {
  it('$LOWERCASE and $UPPERCASE change case', () => {
    expect(valueOf('"MiXeD".$LOWERCASE()')).toBe('mixed');
    expect(valueOf('$UPPERCASE("MiXeD")')).toBe('MIXED');
  });

  it('$TRIM removes surrounding whitespace', () => {
    expect(valueOf('"  a b \\t\n".$TRIM()'.replace('\\t', '\t'))).toBe('a b');
  });

  it('$CONCAT joins a list, with an optional separator, writing non-texts as $TEXT does', () => {
    expect(valueOf('["a", "b"].$CONCAT()')).toBe('ab');
    expect(valueOf('$CONCAT(["a", 1, NULL, TRUE, [2]], "-")')).toBe('a-1--true-[2]');
    expect(evaluationErrorOf('"ab".$CONCAT()').message).toBe('line 1, column 6: $CONCAT: argument 1 (list) must be a list, got text');
  });

  it('$SPLIT cuts a text at every separator, or into characters with an empty one', () => {
    expect(valueOf('"a,b,,c".$SPLIT(",")')).toEqual(['a', 'b', '', 'c']);
    expect(valueOf('"a😀".$SPLIT("")')).toEqual(['a', '😀']);
    expect(valueOf('"abc".$SPLIT("-")')).toEqual(['abc']);
  });

  it('$REPLACE replaces every occurrence, literally', () => {
    expect(valueOf('"a.b.c".$REPLACE(".", "::")')).toBe('a::b::c');
    expect(valueOf('$REPLACE("aaa", "a", "")')).toBe('');
    const error = evaluationErrorOf('"abc".$REPLACE("", "x")');
    expect(error.code).toBe('bad-argument');
    expect(error.message).toBe('line 1, column 7: $REPLACE: search must not be empty');
  });

  it('$STARTS_WITH and $ENDS_WITH test prefixes and suffixes', () => {
    expect(valueOf('["INC123".$STARTS_WITH("INC"), "INC123".$STARTS_WITH("123")]')).toEqual([true, false]);
    expect(valueOf('["INC123".$ENDS_WITH("123"), $ENDS_WITH("INC123", "INC")]')).toEqual([true, false]);
  });

  it('$MATCH tests a regular expression anywhere in the text, giving TRUE or FALSE', () => {
    expect(valueOf('"ticket INC0012345".$MATCH("INC\\d{7}")')).toBe(true);
    expect(valueOf('"ticket INC12".$MATCH("^INC")')).toBe(false);
  });

  it('$TEXT writes texts as they are, NULL as "", and everything else as compact JSON', () => {
    expect(valueOf('["a".$TEXT(), 2.5.$TEXT(), -3.$TEXT(), TRUE.$TEXT(), NULL.$TEXT()]')).toEqual(['a', '2.5', '-3', 'true', '']);
    expect(valueOf('$TEXT([1, "a", NULL, {"k": [TRUE]}])')).toBe('[1,"a",null,{"k":[true]}]');
  });

  it('$URLENCODE percent-encodes a text for a URL component', () => {
    expect(valueOf('"a b&c/é".$URLENCODE()')).toBe('a%20b%26c%2F%C3%A9');
  });
});

describe('list functions', () => {
  const payload = {
    items: [
      { n: 1, status: 'active' },
      { n: 2, status: 'closed' },
      { n: 3, status: 'active' },
    ],
  };

  it('$LENGTH counts list elements, text characters and object keys', () => {
    expect(valueOf('[items.$LENGTH(), "a😀".$LENGTH(), {"a": 1, "b": 2}.$LENGTH(), [].$LENGTH()]', payload)).toEqual([3, 2, 2, 0]);
    expect(evaluationErrorOf('5.$LENGTH()').message).toBe('line 1, column 3: $LENGTH: argument 1 (value) must be a list, text or object, got number');
  });

  it('$MAP transforms every element', () => {
    expect(valueOf('items.$MAP(i => i.n * 10)', payload)).toEqual([10, 20, 30]);
  });

  it('$FILTER keeps the elements for which the lambda is truthy', () => {
    expect(valueOf('items.$FILTER(i => i.status == "active").$MAP(i => i.n)', payload)).toEqual([1, 3]);
    expect(valueOf('[0, 1, "", "a", NULL].$FILTER(x => x)')).toEqual([1, 'a']);
  });

  it('$ANY and $ALL test the lambda on the elements, or the elements themselves without one', () => {
    expect(valueOf('[items.$ANY(i => i.n > 2), items.$ALL(i => i.n > 2)]', payload)).toEqual([true, false]);
    expect(valueOf('[[0, 1].$ANY(), [0, 1].$ALL(), [].$ANY(), [].$ALL()]')).toEqual([true, false, false, true]);
  });

  it('$FIND gives the first matching element, or NULL', () => {
    expect(valueOf('items.$FIND(i => i.status == "closed").n', payload)).toBe(2);
    expect(valueOf('items.$FIND(i => i.n > 5)', payload)).toBeNull();
  });

  it('$REDUCE folds the list from an initial value', () => {
    expect(valueOf('items.$REDUCE((total, i) => total + i.n, 0)', payload)).toBe(6);
    expect(valueOf('$REDUCE(["a", "b"], (acc, x) => x + acc, "")')).toBe('ba');
    expect(valueOf('[].$REDUCE((acc, x) => acc + x, 42)')).toBe(42);
  });

  it('rejects a list function applied to something that is not a list', () => {
    const error = evaluationErrorOf('"abc".$MAP(x => x)');
    expect(error.code).toBe('type-mismatch');
    expect(error.message).toBe('line 1, column 7: $MAP: argument 1 (list) must be a list, got text');
  });
});

describe('other functions', () => {
  it('$COALESCE gives the first argument that is not NULL', () => {
    expect(valueOf('$COALESCE(user.nickname, user.name, "friend")', { user: { name: 'Ada' } })).toBe('Ada');
    expect(valueOf('$COALESCE(NULL, FALSE, 1)')).toBe(false);
    expect(valueOf('$COALESCE(NULL, missing)')).toBeNull();
  });

  it('$INTEGER reads numbers and numeric texts, cutting decimals toward zero', () => {
    expect(valueOf('[$INTEGER("42"), $INTEGER(" -7.9 "), $INTEGER(3.99), $INTEGER(-0.5), $INTEGER(TRUE)]')).toEqual([42, -7, 3, 0, 1]);
  });

  it('$DECIMAL reads numbers and numeric texts', () => {
    expect(valueOf('[$DECIMAL("2.5"), $DECIMAL("-.5"), $DECIMAL("1e3"), $DECIMAL(4)]')).toEqual([2.5, -0.5, 1000, 4]);
  });

  it('reports a text that is not a number as a bad argument', () => {
    const error = evaluationErrorOf('"12abc".$INTEGER()');
    expect(error.code).toBe('bad-argument');
    expect(error.message).toBe('line 1, column 9: $INTEGER: cannot read "12abc" as a number');
    expect(evaluationErrorOf('$DECIMAL("")').message).toBe('line 1, column 1: $DECIMAL: cannot read "" as a number');
    expect(evaluationErrorOf('$INTEGER([1])').code).toBe('type-mismatch');
  });

  it('$PARSE_JSON reads a JSON text into values', () => {
    expect(valueOf('$PARSE_JSON(raw).a[1]', { raw: '{"a": [1, {"b": null}]}' })).toEqual({ b: null });
    expect(valueOf('"[1, 2]".$PARSE_JSON()')).toEqual([1, 2]);
  });

  it('reports invalid JSON as a bad argument', () => {
    const error = evaluationErrorOf('"{oops".$PARSE_JSON()');
    expect(error.code).toBe('bad-argument');
    expect(error.detail).toMatch(/^\$PARSE_JSON: not valid JSON \(.+\)$/);
  });
});

describe('time functions', () => {
  it('$TIME gives the evaluation time from the options, as ISO-8601 text in UTC', () => {
    expect(run('$TIME()', {}, { now: new Date('2024-05-01T12:00:00+02:00') })).toEqual({
      ok: true,
      value: '2024-05-01T10:00:00.000Z',
      offered: true,
    });
    expect(valueOf('$TIME()', {}, { now: '2024-05-01T10:00:00Z' })).toBe('2024-05-01T10:00:00.000Z');
  });

  it('$TIME fails when the caller gives no time', () => {
    const outcome = run('$TIME()', {}, { now: undefined });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('bad-argument');
      expect(outcome.error.message).toBe('line 1, column 1: $TIME: the caller gave no evaluation time (the `now` option)');
    }
  });

  it('$PARSE_TIME normalises ISO-8601 dates and times to UTC', () => {
    expect(valueOf('"2024-05-01T12:30:00+02:00".$PARSE_TIME()')).toBe('2024-05-01T10:30:00.000Z');
    expect(valueOf('"2024-05-01".$PARSE_TIME()')).toBe('2024-05-01T00:00:00.000Z');
    expect(valueOf('"2024-05-01 08:15".$PARSE_TIME()')).toBe('2024-05-01T08:15:00.000Z');
    expect(valueOf('"2024-05-01T08:15:00.1234-0130".$PARSE_TIME()')).toBe('2024-05-01T09:45:00.123Z');
  });

  it('reports a text that is not a valid ISO-8601 time as a bad argument', () => {
    const error = evaluationErrorOf('"2023-02-29".$PARSE_TIME()');
    expect(error.code).toBe('bad-argument');
    expect(error.message).toBe('line 1, column 14: $PARSE_TIME: cannot read "2023-02-29" as an ISO-8601 time');
    expect(evaluationErrorOf('$PARSE_TIME("yesterday")').code).toBe('bad-argument');
    expect(evaluationErrorOf('$PARSE_TIME("2024-01-01T24:00")').code).toBe('bad-argument');
  });

  it('$FORMAT_TIME writes YYYY MM DD HH mm ss in UTC and copies everything else', () => {
    expect(valueOf('$FORMAT_TIME("2024-03-05T07:08:09+01:00", "DD/MM/YYYY at HH:mm:ss")')).toBe('05/03/2024 at 06:08:09');
    expect(valueOf('$TIME().$FORMAT_TIME("YYYYMMDD")')).toBe('20240228');
  });

  it('$ADD_DATE adds (or with a negative number subtracts) days', () => {
    expect(valueOf('$ADD_DATE($TIME(), 1)')).toBe('2024-02-29T10:00:00.000Z');
    expect(valueOf('$ADD_DATE("2024-03-01", -1.5)')).toBe('2024-02-28T12:00:00.000Z');
    expect(evaluationErrorOf('$ADD_DATE($TIME(), "1")').code).toBe('type-mismatch');
    expect(evaluationErrorOf('$ADD_DATE($TIME(), 1000000000)').message).toBe('line 1, column 1: $ADD_DATE: the result is out of the range of dates');
  });

  it('gives times that compare with < as texts', () => {
    expect(valueOf('$ADD_DATE($TIME(), -1) < $TIME()')).toBe(true);
    expect(valueOf('ticket.opened.$PARSE_TIME() < $ADD_DATE($TIME(), -7)', { ticket: { opened: '2024-02-01T00:00:00Z' } })).toBe(true);
  });
});
