import { describe, expect, it } from 'vitest';
import { compileRule, RuleSyntaxError } from '../../dsl/index';
import { compileAny, syntaxErrorOf } from './helpers';

describe('syntax errors', () => {
  it('names the line, column, what was expected and what was found', () => {
    const error = syntaxErrorOf('IF (a\n  AND b THEN 1 ELSE 2');
    expect(error).toBeInstanceOf(RuleSyntaxError);
    expect(error.name).toBe('RuleSyntaxError');
    expect(error).toMatchObject({ line: 2, column: 9, found: 'THEN', expected: [')'] });
    expect(error.message).toBe("line 2, column 9: expected ')' but found 'THEN'");
  });

  it('reports an empty rule as a missing expression at end of input', () => {
    const error = syntaxErrorOf('');
    expect(error).toMatchObject({ line: 1, column: 1, found: 'end of input', expected: ['an expression'] });
    expect(error.message).toBe('line 1, column 1: expected an expression but found end of input');
  });

  it('reports tokens left over after a complete rule', () => {
    expect(syntaxErrorOf('a b').message).toBe("line 1, column 3: expected end of input but found 'b'");
  });

  it('lists every alternative when several tokens would do', () => {
    const error = syntaxErrorOf('[1, 2');
    expect(error).toMatchObject({ line: 1, column: 6, expected: [',', ']'], found: 'end of input' });
    expect(error.message).toBe("line 1, column 6: expected ',' or ']' but found end of input");
  });

  it('reports a missing colon in an object literal', () => {
    expect(syntaxErrorOf('{"a" 1}').message).toBe("line 1, column 6: expected ':' but found '1'");
  });

  it('reports a missing THEN or ELSE', () => {
    expect(syntaxErrorOf('IF a b').message).toBe("line 1, column 6: expected 'THEN' but found 'b'");
    expect(syntaxErrorOf('IF a THEN b').message).toBe("line 1, column 12: expected 'ELSE' but found end of input");
  });

  it('reports a keyword where an operand should be', () => {
    expect(syntaxErrorOf('a == AND').message).toBe("line 1, column 6: expected an expression but found 'AND'");
  });

  it('reports a dot followed by neither an attribute nor a function', () => {
    const error = syntaxErrorOf('user.');
    expect(error.expected).toEqual(['an attribute name', 'a function']);
    expect(error.message).toBe('line 1, column 6: expected an attribute name or a function but found end of input');
  });

  it('reports a minus that is not followed by a number', () => {
    expect(syntaxErrorOf('-x').message).toBe("line 1, column 2: expected a number but found 'x'");
  });

  it('reports a function name without parentheses', () => {
    expect(syntaxErrorOf('a.$LOWERCASE').message).toBe("line 1, column 13: expected '(' but found end of input");
  });

  it('reports a number too large to represent', () => {
    const error = syntaxErrorOf('9'.repeat(400));
    expect(error.message).toBe('line 1, column 1: number 99999999999999999999... is out of range');
  });
});

describe('lexical errors', () => {
  it('points at the opening quote of an unterminated text', () => {
    const error = syntaxErrorOf('a == "abc');
    expect(error).toMatchObject({ line: 1, column: 6, found: 'end of input', expected: ['"'] });
    expect(error.message).toBe('line 1, column 6: unterminated text: expected a closing " before end of input');
  });

  it('treats an escaped closing quote as part of the text', () => {
    expect(syntaxErrorOf("'it\\'").message).toBe("line 1, column 1: unterminated text: expected a closing ' before end of input");
  });

  it('reports an unexpected character with its position', () => {
    const error = syntaxErrorOf('a ==\n @b');
    expect(error).toMatchObject({ line: 2, column: 2, found: '@', expected: [] });
    expect(error.message).toBe("line 2, column 2: unexpected character '@'");
  });

  it('suggests the DSL keyword for operators from other languages', () => {
    expect(syntaxErrorOf('a && b').message).toBe("line 1, column 3: unexpected character '&' (use AND)");
    expect(syntaxErrorOf('a || b').message).toBe("line 1, column 3: unexpected character '|' (use OR)");
    expect(syntaxErrorOf('!a').message).toBe("line 1, column 1: unexpected character '!' (use NOT for negation)");
    expect(syntaxErrorOf('a = 1').message).toBe("line 1, column 3: unexpected character '=' (compare with '==')");
  });

  it('reports a $ that does not start a function name', () => {
    expect(syntaxErrorOf('$1').message).toBe("line 1, column 2: expected a function name after '$' but found '1'");
  });
});

describe('function calls at parse time', () => {
  it('rejects an unknown function at its name, naming it', () => {
    const error = syntaxErrorOf('user.name.$CONTAINS("x")');
    expect(error).toMatchObject({ line: 1, column: 11, found: '$CONTAINS', expected: ['a known function'] });
    expect(error.message).toBe("line 1, column 11: unknown function '$CONTAINS'");
  });

  it('rejects a wrong number of arguments, with the parameter list', () => {
    expect(syntaxErrorOf('$SPLIT("a")').message).toBe('line 1, column 1: $SPLIT expects 2 arguments (text, separator) but got 1');
    expect(syntaxErrorOf('$TIME(1)').message).toBe('line 1, column 1: $TIME expects no arguments but got 1');
    expect(syntaxErrorOf('$COALESCE()').message).toBe('line 1, column 1: $COALESCE expects at least 1 argument (values...) but got 0');
    expect(syntaxErrorOf('$CONCAT([1], ",", 2)').message).toBe('line 1, column 1: $CONCAT expects 1 to 2 arguments (list, separator?) but got 3');
  });

  it('counts the value before the dot as the first argument of a postfix call', () => {
    expect(syntaxErrorOf('a.$LOWERCASE(1)').message).toBe("line 1, column 3: $LOWERCASE expects 1 argument (text) but got 2, counting the value before '.'");
  });

  it('requires a lambda where the function takes one, at the argument', () => {
    expect(syntaxErrorOf('$MAP([1], 2)').message).toBe('line 1, column 11: $MAP argument 2 (function) must be a lambda with 1 parameter, such as x => ...');
    expect(syntaxErrorOf('$REDUCE([1], x => x, 0)').message).toBe(
      'line 1, column 14: $REDUCE argument 2 (reducer) must be a lambda with 2 parameters, such as (acc, x) => ...',
    );
  });

  it('rejects a lambda where a value is expected', () => {
    expect(syntaxErrorOf('$SPLIT("a", x => x)').message).toBe('line 1, column 13: $SPLIT argument 2 (separator) must be a value, not a lambda');
  });

  it('rejects a lambda outside a function call', () => {
    expect(syntaxErrorOf('x => 1').message).toBe("line 1, column 1: a lambda such as 'x => ...' is only allowed as a function argument");
    expect(syntaxErrorOf('(a, b) => a').message).toBe("line 1, column 1: a lambda such as 'x => ...' is only allowed as a function argument");
  });

  it('rejects a lambda that names a parameter twice', () => {
    expect(syntaxErrorOf('$REDUCE([1], (x, x) => x, 0)').message).toBe("line 1, column 14: lambda parameter 'x' is declared twice");
  });
});

describe('parse limits', () => {
  it('rejects a rule longer than 10,000 characters', () => {
    const error = syntaxErrorOf(`"${'a'.repeat(10_000)}"`);
    expect(error.message).toBe('line 1, column 1: the rule has 10002 characters, more than the limit of 10000');
  });

  it('rejects parentheses nested more than 64 deep with a syntax error, not a stack overflow', () => {
    const error = syntaxErrorOf(`${'('.repeat(4000)}1${')'.repeat(4000)}`);
    expect(error).toMatchObject({ line: 1, column: 65, found: '(' });
    expect(error.message).toBe('line 1, column 65: the rule is nested more than 64 levels deep');
    // The rule itself is the first level, so 63 parentheses are the most it may hold.
    expect(() => compileRule(`${'('.repeat(63)}1${')'.repeat(63)}`)).not.toThrow();
    expect(() => compileRule(`${'('.repeat(64)}1${')'.repeat(64)}`)).toThrow(RuleSyntaxError);
  });

  it('rejects deeply nested lists and repeated NOT', () => {
    expect(syntaxErrorOf(`${'['.repeat(100)}${']'.repeat(100)}`).message).toMatch(/nested more than 64 levels deep$/);
    expect(syntaxErrorOf(`${'NOT '.repeat(2000)}TRUE`).message).toMatch(/nested more than 64 levels deep$/);
  });

  it('rejects an operator chain whose tree would be more than 64 levels deep', () => {
    const error = syntaxErrorOf(Array.from({ length: 70 }, () => '1').join(' + '));
    // The 64th '+' (column 255) would make the 65th level: 64 binary nodes above a literal.
    expect(error.message).toBe('line 1, column 255: the rule is nested more than 64 levels deep');
    expect(error.found).toBe('+');
  });

  it('accepts long AND and OR chains, which stay flat', () => {
    const rule = Array.from({ length: 500 }, (_, index) => `d == "${index}"`).join(' OR ');
    expect(() => compileAny(rule)).not.toThrow();
  });
});
