import { describe, expect, it } from 'vitest';
import { evaluationErrorOf, valueOf } from './helpers';

describe('literals', () => {
  it('reads texts in either quote style, with backslash escapes for quotes and backslashes', () => {
    expect(valueOf(`'say "hi"'`)).toBe('say "hi"');
    expect(valueOf(`"it's"`)).toBe("it's");
    expect(valueOf(`'it\\'s'`)).toBe("it's");
    expect(valueOf(`"say \\"hi\\""`)).toBe('say "hi"');
    expect(valueOf(`'a\\\\b'`)).toBe('a\\b');
  });

  it('keeps any other backslash sequence as written, so regular expressions need no doubling', () => {
    expect(valueOf(`'\\d+\\.\\n'`)).toBe('\\d+\\.\\n');
  });

  it('reads integers and decimals with an optional leading minus', () => {
    expect(valueOf('[3, -2, 2.5, -0.75]')).toEqual([3, -2, 2.5, -0.75]);
  });

  it('reads TRUE, FALSE and NULL in any case', () => {
    expect(valueOf('[true, False, nUlL]')).toEqual([true, false, null]);
  });

  it('builds lists and objects from expressions, object keys included', () => {
    expect(valueOf('[1 + 1, a]', { a: 'x' })).toEqual([2, 'x']);
    expect(valueOf('{"n": 1, k: 2}', { k: 'dynamic' })).toEqual({ n: 1, dynamic: 2 });
  });

  it('rejects an object key that is not a text', () => {
    const error = evaluationErrorOf('{1: 2}');
    expect(error.code).toBe('type-mismatch');
    expect(error.message).toBe('line 1, column 1: object keys must be texts, got number');
  });

  it('keeps a "__proto__" key as ordinary data', () => {
    expect(valueOf('{"__proto__": 1}.$TEXT()')).toBe('{"__proto__":1}');
    expect(valueOf('$LENGTH({"__proto__": 1})')).toBe(1);
  });
});

describe('payload access', () => {
  const payload = { user: { department: 'Sales', emails: ['a@x', 'b@x', 'c@x'], 'odd key': 1 }, n: null };

  it('reads payload keys by name and attributes with dots', () => {
    expect(valueOf('user.department', payload)).toBe('Sales');
  });

  it('reads NULL for a missing attribute, a missing key, and any attribute of NULL', () => {
    expect(valueOf('user.title', payload)).toBeNull();
    expect(valueOf('nobody', payload)).toBeNull();
    expect(valueOf('nobody.at.all', payload)).toBeNull();
    expect(valueOf('n.x', payload)).toBeNull();
  });

  it('reads NULL for an attribute of a non-object', () => {
    expect(valueOf('user.department.length', payload)).toBeNull();
    expect(valueOf('user.emails.first', payload)).toBeNull();
  });

  it('never reads inherited properties', () => {
    expect(valueOf('user.constructor', payload)).toBeNull();
    expect(valueOf('user["toString"]', payload)).toBeNull();
    expect(valueOf('"constructor" IN user', payload)).toBe(false);
  });

  it('reads an attribute by a text index', () => {
    expect(valueOf('user["odd key"]', payload)).toBe(1);
  });

  it('indexes lists from the start and, when negative, from the end', () => {
    expect(valueOf('user.emails[0]', payload)).toBe('a@x');
    expect(valueOf('user.emails[-1]', payload)).toBe('c@x');
  });

  it('reads NULL for an index past either end', () => {
    expect(valueOf('user.emails[3]', payload)).toBeNull();
    expect(valueOf('user.emails[-4]', payload)).toBeNull();
    expect(valueOf('n[0]', payload)).toBeNull();
  });

  it('indexes texts by character', () => {
    expect(valueOf('"héllo"[1]')).toBe('é');
    expect(valueOf('"😀ab"[0]')).toBe('😀');
    expect(valueOf('"ab"[-1]')).toBe('b');
  });

  it('rejects an index that is not a whole number or a text', () => {
    expect(evaluationErrorOf('[1][0.5]').message).toBe('line 1, column 4: an index must be a whole number, got 0.5');
    expect(evaluationErrorOf('[1][TRUE]').message).toBe('line 1, column 4: an index must be a number or a text, got boolean');
  });

  it('slices lists and texts like Python', () => {
    expect(valueOf('[0, 1, 2, 3, 4][1:3]')).toEqual([1, 2]);
    expect(valueOf('[0, 1, 2, 3, 4][:2]')).toEqual([0, 1]);
    expect(valueOf('[0, 1, 2, 3, 4][-2:]')).toEqual([3, 4]);
    expect(valueOf('[0, 1, 2][:]')).toEqual([0, 1, 2]);
    expect(valueOf('[0, 1, 2][5:9]')).toEqual([]);
    expect(valueOf('"abcdef"[1:3]')).toBe('bc');
    expect(valueOf('"abcdef"[-3:]')).toBe('def');
    expect(valueOf('"😀abc"[:2]')).toBe('😀a');
    expect(valueOf('n[1:2]', { n: null })).toBeNull();
  });

  it('rejects slicing anything but a list or a text', () => {
    const error = evaluationErrorOf('5[1:2]');
    expect(error.code).toBe('type-mismatch');
    expect(error.message).toBe('line 1, column 2: only lists and texts can be sliced, got number');
    expect(evaluationErrorOf('[1][0.5:]').message).toBe('line 1, column 4: a slice bound must be a whole number, got 0.5');
  });
});

describe('arithmetic', () => {
  it('multiplies, divides, adds and subtracts numbers', () => {
    expect(valueOf('[6 * 7, 7 / 2, 1.5 + 1, 1 - 3]')).toEqual([42, 3.5, 2.5, -2]);
  });

  it('joins two texts or two lists with +', () => {
    expect(valueOf('"ab" + "cd"')).toBe('abcd');
    expect(valueOf('[1] + [2, 3]')).toEqual([1, 2, 3]);
  });

  it('rejects + on any other pair of types', () => {
    const error = evaluationErrorOf('"a" + 1');
    expect(error.code).toBe('type-mismatch');
    expect(error.message).toBe("line 1, column 5: '+' adds two numbers or joins two texts or two lists, got text and number");
    expect(evaluationErrorOf('NULL + 1').code).toBe('type-mismatch');
  });

  it('rejects -, * and / on anything but numbers', () => {
    expect(evaluationErrorOf('"ab" - "b"').message).toBe("line 1, column 6: '-' needs two numbers, got text and text");
    expect(evaluationErrorOf('[1] * 2').message).toBe("line 1, column 5: '*' needs two numbers, got list and number");
    expect(evaluationErrorOf('TRUE / 1').code).toBe('type-mismatch');
  });

  it('reports division by zero as an evaluation error', () => {
    const error = evaluationErrorOf('1 / (2 - 2)');
    expect(error.code).toBe('division-by-zero');
    expect(error.message).toBe('line 1, column 3: division by zero');
  });

  it('reports a result too large for a number', () => {
    const error = evaluationErrorOf(`${'9'.repeat(300)} * ${'9'.repeat(300)}`);
    expect(error.code).toBe('size-limit');
    expect(error.detail).toBe('number out of range');
  });
});

describe('equality', () => {
  it('compares numbers, texts, booleans and NULL by value', () => {
    expect(valueOf('[1 == 1.0, "a" == "a", TRUE == TRUE, NULL == NULL, 1 == 2]')).toEqual([true, true, true, true, false]);
  });

  it('compares lists and objects deeply', () => {
    expect(valueOf('[1, [2, {"a": 3}]] == [1, [2, {"a": 3}]]')).toBe(true);
    expect(valueOf('{"a": 1, "b": 2} == {"b": 2, "a": 1}')).toBe(true);
    expect(valueOf('{"a": 1} == {"a": 1, "b": 2}')).toBe(false);
    expect(valueOf('[1, 2] == [2, 1]')).toBe(false);
  });

  it('is false, never an error, across different types', () => {
    expect(valueOf('[1 == "1", 0 == FALSE, NULL == FALSE, "" == NULL, [] == {}]')).toEqual([false, false, false, false, false]);
  });

  it('negates equality with !=', () => {
    expect(valueOf('[1 != 2, 1 != 1, 1 != "1"]')).toEqual([true, false, true]);
  });
});

describe('membership', () => {
  it('tests list membership with deep equality', () => {
    expect(valueOf('2 IN [1, 2, 3]')).toBe(true);
    expect(valueOf('[1] IN [[1], [2]]')).toBe(true);
    expect(valueOf('{"a": 1} IN [{"a": 1}]')).toBe(true);
    expect(valueOf('"1" IN [1]')).toBe(false);
  });

  it('tests substrings in texts', () => {
    expect(valueOf('"vpn" IN "my vpn is down"')).toBe(true);
    expect(valueOf('"VPN" IN "my vpn is down"')).toBe(false);
    expect(valueOf('"" IN "x"')).toBe(true);
  });

  it('tests keys in objects', () => {
    expect(valueOf('"a" IN {"a": NULL}')).toBe(true);
    expect(valueOf('"b" IN {"a": 1}')).toBe(false);
  });

  it('finds nothing in NULL', () => {
    expect(valueOf('"x" IN missing')).toBe(false);
    expect(valueOf('"x" NOT IN missing')).toBe(true);
  });

  it('negates membership with NOT IN', () => {
    expect(valueOf('4 NOT IN [1, 2, 3]')).toBe(true);
    expect(valueOf('"a" NOT IN "abc"')).toBe(false);
  });

  it('rejects a non-text looked up in a text or an object', () => {
    expect(evaluationErrorOf('1 IN "a1"').message).toBe('line 1, column 3: IN on a text needs a text on the left, got number');
    expect(evaluationErrorOf('1 IN {"1": 1}').message).toBe('line 1, column 3: IN on an object needs a text on the left, got number');
  });

  it('rejects a right-hand side that cannot contain anything', () => {
    const error = evaluationErrorOf('1 IN 2');
    expect(error.code).toBe('type-mismatch');
    expect(error.message).toBe('line 1, column 3: IN needs a list, text or object on the right, got number');
  });
});

describe('relational comparison', () => {
  it('orders numbers', () => {
    expect(valueOf('[1 < 2, 2 <= 2, 3 > 2, 2 >= 3]')).toEqual([true, true, true, false]);
  });

  it('orders texts, so ISO-8601 times compare correctly', () => {
    expect(valueOf('["a" < "b", "b" <= "a", "2024-01-02T00:00:00.000Z" > "2023-12-31T23:59:59.000Z"]')).toEqual([true, false, true]);
  });

  it('reports values of different types as an evaluation error', () => {
    const error = evaluationErrorOf('user.age > "30"', { user: { age: 31 } });
    expect(error.code).toBe('type-mismatch');
    expect(error.message).toBe("line 1, column 10: '>' compares two numbers or two texts, got number and text");
  });

  it('reports NULL, booleans, lists and objects as not comparable', () => {
    expect(evaluationErrorOf('missing < 1').code).toBe('type-mismatch');
    expect(evaluationErrorOf('TRUE > FALSE').code).toBe('type-mismatch');
    expect(evaluationErrorOf('[1] < [2]').message).toBe("line 1, column 5: '<' compares two numbers or two texts, got list and list");
  });
});

describe('logic', () => {
  it('treats "", 0, NULL, FALSE, [] and {} as falsy and everything else as truthy', () => {
    expect(valueOf('[NOT "", NOT 0, NOT NULL, NOT FALSE, NOT [], NOT {}]')).toEqual([true, true, true, true, true, true]);
    expect(valueOf('[NOT "0", NOT -1, NOT TRUE, NOT [0], NOT {"a": NULL}, NOT " "]')).toEqual([false, false, false, false, false, false]);
  });

  it('returns the deciding operand of OR', () => {
    expect(valueOf('"" OR "fallback"')).toBe('fallback');
    expect(valueOf('"first" OR "second"')).toBe('first');
    expect(valueOf('0 OR NULL')).toBeNull();
    expect(valueOf('NULL OR 0 OR [] OR "x" OR "y"')).toBe('x');
  });

  it('returns the deciding operand of AND', () => {
    expect(valueOf('0 AND "never"')).toBe(0);
    expect(valueOf('"a" AND "b"')).toBe('b');
    expect(valueOf('1 AND [] AND 2')).toEqual([]);
  });

  it('short-circuits AND and OR', () => {
    expect(valueOf('TRUE OR 1 / 0')).toBe(true);
    expect(valueOf('FALSE AND 1 / 0')).toBe(false);
  });

  it('negates truthiness with NOT, giving a boolean', () => {
    expect(valueOf('NOT "text"')).toBe(false);
    expect(valueOf('NOT NOT "text"')).toBe(true);
  });

  it('chooses a branch with IF by the truthiness of the condition, evaluating only that branch', () => {
    expect(valueOf('IF user.is_vip THEN "Priority" ELSE "Standard"', { user: { is_vip: true } })).toBe('Priority');
    expect(valueOf('IF [] THEN 1 / 0 ELSE "empty"')).toBe('empty');
    expect(valueOf('IF "x" THEN "yes" ELSE 1 / 0')).toBe('yes');
  });
});

describe('lambdas', () => {
  it('binds parameters that shadow payload keys of the same name', () => {
    expect(valueOf('[1, 2].$MAP(x => x + 1)', { x: 100 })).toEqual([2, 3]);
    expect(valueOf('x', { x: 100 })).toBe(100);
  });

  it('still reads the payload inside the body', () => {
    expect(valueOf('[1, 2].$MAP(i => i + offset)', { offset: 10 })).toEqual([11, 12]);
  });

  it('sees the parameters of enclosing lambdas', () => {
    expect(valueOf('[1, 2].$MAP(x => [10, 20].$MAP(y => x + y))')).toEqual([
      [11, 21],
      [12, 22],
    ]);
  });
});
