import { describe, expect, it } from 'vitest';
import { compileAny, grouping, valueOf } from './helpers';

describe('precedence, from tightest to loosest', () => {
  it('groups with parentheses before anything else', () => {
    expect(grouping('(1 + 2) * 3')).toBe('((1 + 2) * 3)');
    expect(valueOf('(1 + 2) * 3')).toBe(9);
  });

  it('applies member access, indexing and postfix calls before multiplication', () => {
    expect(grouping('a.b * c[0]')).toBe('((a).b * (c)[0])');
    expect(grouping('a.$LENGTH() * 2')).toBe('($LENGTH(a) * 2)');
    expect(valueOf('a.n * a.list[1]', { a: { n: 3, list: [1, 4] } })).toBe(12);
  });

  it('multiplies and divides before adding and subtracting', () => {
    expect(grouping('1 + 2 * 3')).toBe('(1 + (2 * 3))');
    expect(grouping('1 * 2 - 6 / 3')).toBe('((1 * 2) - (6 / 3))');
    expect(valueOf('1 + 2 * 3')).toBe(7);
  });

  it('adds before testing equality and membership', () => {
    expect(grouping('1 + 1 == 2')).toBe('((1 + 1) == 2)');
    expect(grouping('"a" + "b" IN list')).toBe('(("a" + "b") IN list)');
    expect(grouping('x NOT IN a + b')).toBe('(x NOT IN (a + b))');
    expect(valueOf('1 + 1 == 2')).toBe(true);
  });

  it('tests equality and membership before relational comparison, as the spec orders them', () => {
    expect(grouping('a < b == c')).toBe('(a < (b == c))');
    expect(grouping('a IN b >= c')).toBe('((a IN b) >= c)');
  });

  it('compares before negating', () => {
    expect(grouping('NOT a < b')).toBe('(NOT (a < b))');
    expect(grouping('NOT x IN list')).toBe('(NOT (x IN list))');
    expect(valueOf('NOT 3 < 2')).toBe(true);
  });

  it('negates before AND', () => {
    expect(grouping('NOT a AND b')).toBe('((NOT a) AND b)');
    expect(valueOf('NOT FALSE AND TRUE')).toBe(true);
  });

  it('joins with AND before OR', () => {
    expect(grouping('a OR b AND c')).toBe('(a OR (b AND c))');
    expect(grouping('a AND b OR c AND d')).toBe('((a AND b) OR (c AND d))');
    expect(valueOf('TRUE OR TRUE AND FALSE')).toBe(true);
  });

  it('takes a whole expression in each branch of IF', () => {
    expect(grouping('IF a OR b THEN c AND d ELSE e OR f')).toBe('(IF (a OR b) THEN (c AND d) ELSE (e OR f))');
    expect(grouping('IF a THEN b ELSE IF c THEN d ELSE e')).toBe('(IF a THEN b ELSE (IF c THEN d ELSE e))');
  });

  it('associates arithmetic, equality and comparison to the left', () => {
    expect(grouping('10 - 4 - 3')).toBe('((10 - 4) - 3)');
    expect(grouping('8 / 4 / 2')).toBe('((8 / 4) / 2)');
    expect(grouping('a == b != c')).toBe('((a == b) != c)');
    expect(valueOf('10 - 4 - 3')).toBe(3);
    expect(valueOf('8 / 4 / 2')).toBe(1);
  });

  it('keeps chains of AND and of OR flat', () => {
    expect(grouping('a AND b AND c')).toBe('(a AND b AND c)');
    expect(grouping('a OR b OR c')).toBe('(a OR b OR c)');
  });
});

describe('syntax', () => {
  it('reads a minus right before a number in operand position as part of the number', () => {
    expect(grouping('5 -2')).toBe('(5 - 2)');
    expect(grouping('5 - -2')).toBe('(5 - -2)');
    expect(grouping('[-1, -0.75]')).toBe('[-1, -0.75]');
    expect(valueOf('5 - -2')).toBe(7);
    expect(valueOf('-2.5 * 2')).toBe(-5);
  });

  it('reads keywords in any case', () => {
    expect(grouping('not a and b or c in d')).toBe('(((NOT a) AND b) OR (c IN d))');
    expect(grouping('If x Then TrUe Else null')).toBe('(IF x THEN TRUE ELSE NULL)');
    expect(grouping('a not In b')).toBe('(a NOT IN b)');
  });

  it('reads function names in any case', () => {
    expect(valueOf('"ABC".$lowercase()')).toBe('abc');
  });

  it('ignores spaces, tabs and newlines between tokens', () => {
    expect(grouping('\n\tuser .\n department\t==\r\n"x"  ')).toBe('((user).department == "x")');
  });

  it('calls a function either as $FN(value, args) or as value.$FN(args)', () => {
    expect(compileAny('$SPLIT(a, ",")').ast).toEqual(
      expect.objectContaining({ kind: 'call', name: '$SPLIT', args: [expect.objectContaining({ name: 'a' }), expect.anything()] }),
    );
    expect(grouping('a.$SPLIT(",")')).toBe(grouping('$SPLIT(a, ",")'));
  });

  it('parses lambdas with one parameter or with a parenthesised list', () => {
    expect(grouping('items.$MAP(x => x.a + 1)')).toBe('$MAP(items, x => (((x).a + 1)))');
    expect(grouping('$REDUCE(items, (acc, x) => acc + x, 0)')).toBe('$REDUCE(items, (acc, x) => ((acc + x)), 0)');
  });

  it('parses list and object literals, including empty ones', () => {
    expect(grouping('[]')).toBe('[]');
    expect(grouping('{}')).toBe('{}');
    expect(grouping('[1, "a", [TRUE]]')).toBe('[1, "a", [TRUE]]');
    expect(grouping('{"a": 1, k: [2]}')).toBe('{"a": 1, k: [2]}');
  });

  it('parses indexes and every form of slice', () => {
    expect(grouping('a[0]')).toBe('(a)[0]');
    expect(grouping('a[-1]')).toBe('(a)[-1]');
    expect(grouping('a[1:3]')).toBe('(a)[1:3]');
    expect(grouping('a[:2]')).toBe('(a)[:2]');
    expect(grouping('a[-2:]')).toBe('(a)[-2:]');
    expect(grouping('a[:]')).toBe('(a)[:]');
    expect(grouping('a["key"]')).toBe('(a)["key"]');
  });

  it('accepts keywords as attribute names after a dot', () => {
    expect(valueOf('ticket.in', { ticket: { in: 'yes' } })).toBe('yes');
  });

  it('records the line and column of each node', () => {
    const { ast } = compileAny('a ==\n  b');
    expect(ast).toMatchObject({ kind: 'binary', position: { line: 1, column: 3 }, right: { position: { line: 2, column: 3 } } });
  });

  it('keeps the source next to the tree', () => {
    const rule = compileAny('TRUE');
    expect(rule.source).toBe('TRUE');
    expect(Object.isFrozen(rule)).toBe(true);
  });
});
