import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Argument, BinaryOperator, Expr, Lambda } from '../../dsl/ast';
import { fromHostValue } from '../../dsl/conversions';
import type { EvaluationErrorCode } from '../../dsl/errors';
import { evaluateExpression } from '../../dsl/evaluator';
import { FUNCTIONS } from '../../dsl/functions';
import { compileRule, evaluateRule, RuleEvaluationError, RuleSyntaxError, type CompiledRule, type CompileOptions, type RuleOutcome } from '../../dsl/index';
import { tokenize, type Token } from '../../dsl/lexer';
import { matchesPattern } from '../../dsl/regex-guard';
import type { RuleObject } from '../../dsl/values';
import { compileAny, NOW, show, withoutPositions } from './helpers';

const EXPECTED_CODES: readonly EvaluationErrorCode[] = [
  'type-mismatch',
  'bad-argument',
  'division-by-zero',
  'step-limit',
  'size-limit',
  'depth-limit',
  'unsafe-regex',
];

const PAYLOAD = {
  user: { name: 'Ada', age: 36, vip: false, department: 'Sales', emails: ['a@x.com', 'b@y.com', 'c@x.com'] },
  issue: { summary: 'My VPN is down', category: 'IT' },
  items: [
    { status: 'active', n: 1 },
    { status: 'closed', n: 2 },
  ],
};

/** Outcomes compared by value, or by error code (positions move with the layout). */
function comparable(outcome: RuleOutcome): unknown {
  return outcome.ok ? { value: outcome.value } : { error: outcome.error.code };
}

function assertWellFormedOutcome(outcome: RuleOutcome): void {
  if (!outcome.ok) {
    expect(outcome.error).toBeInstanceOf(RuleEvaluationError);
    expect(EXPECTED_CODES).toContain(outcome.error.code);
  }
}

describe('layout and keyword case', () => {
  const rules = [
    '(1 + 2) * 3',
    '10 - 4 / 2 * 3',
    '5 - -2 * 2',
    'user.emails[0] + user.emails[-1]',
    'user.emails[1:3] + user.emails[:1] + user.emails[-2:]',
    'user.name.$LOWERCASE() == "ada" AND user.age != 40',
    '"vpn" IN issue.summary.$lowercase() AND user.department NOT IN ["HR", "Legal"]',
    'NOT user.age >= 18 OR user.vip',
    'user.age < 30 == TRUE',
    'IF user.vip THEN "Priority" ELSE IF user.age > 60 THEN "Senior" ELSE "Standard"',
    '$FILTER(user.emails, e => e.$ENDS_WITH("@x.com")).$LENGTH() > 1 AND NOT FALSE',
    '$REDUCE(items, (acc, i) => acc + i.n, -1) != 5',
    '{"k": [TRUE, FALSE, NULL]}.k[0] OR 0',
    'items.$MAP(i => i.status).$CONCAT(", ")',
    '$COALESCE(user.nickname, NULL, user.name) IN "Ada Lovelace"',
  ];

  const isWordLike = (token: Token): boolean => ['name', 'keyword', 'number', 'function'].includes(token.kind);
  const randomCase = (word: string, flips: readonly boolean[]): string =>
    Array.from(word, (char, index) => (flips[index % flips.length] ? char.toLowerCase() : char.toUpperCase())).join('');

  const layout = (source: string) => {
    const tokens = tokenize(source).filter((token) => token.kind !== 'end');
    return fc
      .tuple(
        fc.array(fc.array(fc.constantFrom(' ', '\t', '\n', '\r\n'), { maxLength: 3 }), {
          minLength: tokens.length,
          maxLength: tokens.length,
        }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
      )
      .map(([gaps, flips]) =>
        tokens
          .map((token, index) => {
            const previous = tokens[index - 1];
            const gap = gaps[index]?.join('') ?? '';
            const separator = previous && isWordLike(previous) && isWordLike(token) && gap === '' ? ' ' : gap;
            const text = token.kind === 'keyword' || token.kind === 'function' ? randomCase(token.raw, flips) : token.raw;
            return separator + text;
          })
          .join(''),
      );
  };

  it.each(rules)('gives the same tree and result for %s in any keyword case and layout', (rule) => {
    const expectedTree = withoutPositions(compileAny(rule).ast);
    const expectedOutcome = comparable(evaluateRule(compileAny(rule), PAYLOAD, { now: NOW }));
    fc.assert(
      fc.property(layout(rule), (variant) => {
        const compiled = compileAny(variant);
        expect(withoutPositions(compiled.ast)).toEqual(expectedTree);
        expect(comparable(evaluateRule(compiled, PAYLOAD, { now: NOW }))).toEqual(expectedOutcome);
      }),
      { numRuns: 60 },
    );
  });
});

describe('random sources', () => {
  const fragments = [
    'AND',
    'or',
    'Not',
    'IN',
    'if',
    'THEN',
    'else',
    'TRUE',
    'false',
    'NULL',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    ',',
    '.',
    ':',
    '=>',
    '==',
    '!=',
    '<',
    '<=',
    '>',
    '>=',
    '+',
    '-',
    '*',
    '/',
    '0',
    '-1',
    '2.5',
    '"a"',
    "'b\\''",
    'x',
    'user',
    'items',
    'acc',
    '$LENGTH',
    '$MAP',
    '$REDUCE',
    '$MATCH',
    '$FOO',
    '$',
    '"',
    '=',
    '!',
    '@',
    '\n',
    '😀',
  ];
  const soup = fc.tuple(fc.array(fc.constantFrom(...fragments), { maxLength: 30 }), fc.constantFrom(' ', '')).map(([parts, glue]) => parts.join(glue));
  const sources = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), soup);

  /** The compiled rule, or undefined after checking that compileRule threw a well-formed RuleSyntaxError. */
  function compiledOrWellFormedError(source: string, options?: CompileOptions): CompiledRule | undefined {
    try {
      return compileRule(source, options);
    } catch (error) {
      expect(error).toBeInstanceOf(RuleSyntaxError);
      const { line, column, message, found, expected } = error as RuleSyntaxError;
      expect(line).toBeGreaterThanOrEqual(1);
      expect(column).toBeGreaterThanOrEqual(1);
      expect(message.startsWith(`line ${line}, column ${column}: `)).toBe(true);
      expect(typeof found).toBe('string');
      expect(Array.isArray(expected)).toBe(true);
      return undefined;
    }
  }

  it('compile to a rule or throw RuleSyntaxError with a position, and then evaluate without throwing', () => {
    fc.assert(
      fc.property(sources, fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })), (source, extra) => {
        // With the handoff's roots, and with any name allowed so that more rules get evaluated.
        const handoffRule = compiledOrWellFormedError(source);
        const rule = compiledOrWellFormedError(source, { roots: 'any' });
        if (handoffRule) expect(rule).toBeDefined();
        if (rule) assertWellFormedOutcome(evaluateRule(rule, { ...PAYLOAD, ...extra }, { now: NOW, maxSteps: 2_000 }));
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('random syntax trees', () => {
  const at = { offset: 0, line: 1, column: 1 };
  const names = fc.constantFrom('user', 'items', 'x', 'acc', 'n', 'text', 'missing');
  const properties = fc.constantFrom('name', 'tags', 'n', 'status', 'a');
  const operators = fc.constantFrom<BinaryOperator>('*', '/', '+', '-', '==', '!=', 'in', 'not in', '<', '<=', '>', '>=');
  const numbers = fc.oneof(
    fc.integer({ min: -1000, max: 1000 }),
    fc.integer({ min: -4000, max: 4000 }).map((n) => n / 4),
  );
  const literal = fc
    .oneof(fc.constant(null), fc.boolean(), numbers, fc.string({ maxLength: 8 }))
    .map((value): Expr => ({ kind: 'literal', value, position: at }));
  const identifier = names.map((name): Expr => ({ kind: 'identifier', name, position: at }));
  const specs = [...FUNCTIONS.values()];

  const { expr } = fc.letrec<{ expr: Expr }>((tie) => {
    const sub = tie('expr');
    const lambda = (arity: number) => sub.map((body): Lambda => ({ kind: 'lambda', params: arity === 1 ? ['x'] : ['acc', 'x'], body, position: at }));
    const call = fc.constantFrom(...specs).chain((spec) =>
      fc
        .tuple(
          ...spec.params.map((param): fc.Arbitrary<Argument[]> => {
            const one: fc.Arbitrary<Argument> = param.lambda === undefined ? sub : lambda(param.lambda);
            if (param.rest) return fc.array(one, { minLength: 1, maxLength: 3 });
            return param.optional ? fc.option(one).map((arg) => (arg === null ? [] : [arg])) : one.map((arg) => [arg]);
          }),
        )
        .map((groups): Expr => ({ kind: 'call', name: spec.name, args: groups.flat(), position: at })),
    );
    return {
      expr: fc.oneof(
        { depthSize: 'small', maxDepth: 4 },
        literal,
        identifier,
        fc.array(sub, { maxLength: 3 }).map((items): Expr => ({ kind: 'list', items, position: at })),
        fc
          .array(fc.tuple(fc.oneof(literal, sub), sub), { maxLength: 2 })
          .map((pairs): Expr => ({ kind: 'object', entries: pairs.map(([key, value]) => ({ key, value })), position: at })),
        fc.tuple(sub, properties).map(([target, property]): Expr => ({ kind: 'member', target, property, position: at })),
        fc.tuple(sub, sub).map(([target, index]): Expr => ({ kind: 'index', target, index, position: at })),
        fc.tuple(sub, fc.option(sub), fc.option(sub)).map(([target, start, end]): Expr => ({ kind: 'slice', target, start, end, position: at })),
        call,
        sub.map((operand): Expr => ({ kind: 'not', operand, position: at })),
        fc.tuple(operators, sub, sub).map(([operator, left, right]): Expr => ({ kind: 'binary', operator, left, right, position: at })),
        fc
          .tuple(fc.constantFrom<'and' | 'or'>('and', 'or'), fc.array(sub, { minLength: 2, maxLength: 3 }))
          .map(([operator, operands]): Expr => ({ kind: 'logical', operator, operands, position: at })),
        fc.tuple(sub, sub, sub).map(([test, consequent, alternate]): Expr => ({ kind: 'conditional', test, consequent, alternate, position: at })),
      ),
    };
  });

  const payloads = fc.record({
    user: fc.jsonValue({ maxDepth: 3 }),
    items: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 6 }),
    n: fc.oneof(fc.integer(), fc.double()),
    text: fc.string({ maxLength: 20 }),
    x: fc.jsonValue({ maxDepth: 2 }),
  });

  it('never make evaluateRule throw, and fail only with the engine’s own error codes', () => {
    let succeeded = 0;
    fc.assert(
      fc.property(expr, payloads, (ast, payload) => {
        const outcome = evaluateRule({ source: show(ast), ast }, payload, { now: NOW, maxSteps: 5_000 });
        assertWellFormedOutcome(outcome);
        if (outcome.ok) succeeded += 1;
      }),
      { numRuns: 3_000 },
    );
    // Guards against a generator drifting into trees that all fail the same way.
    expect(succeeded).toBeGreaterThan(300);
  });

  it('never take more steps than the limit', () => {
    fc.assert(
      fc.property(expr, payloads, fc.integer({ min: 1, max: 300 }), (ast, payload, maxSteps) => {
        try {
          const { steps } = evaluateExpression(ast, fromHostValue(payload) as RuleObject, { now: NOW, maxSteps });
          expect(steps).toBeLessThanOrEqual(maxSteps);
        } catch (error) {
          expect(error).toBeInstanceOf(RuleEvaluationError);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('parse back from their source text to the same tree and the same result', () => {
    fc.assert(
      fc.property(expr, payloads, (ast, payload) => {
        const compiled = compileAny(show(ast));
        expect(withoutPositions(compiled.ast)).toEqual(withoutPositions(ast));
        expect(comparable(evaluateRule(compiled, payload, { now: NOW }))).toEqual(comparable(evaluateRule({ source: '', ast }, payload, { now: NOW })));
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('random regular expressions', () => {
  const atom = fc.constantFrom('a', 'a?', 'a+', 'a*', '.', '\\w+', '[a!]', 'a|b', '(?=a)', '\\1', '(', ')', '{2,}', '\\');
  const { pattern } = fc.letrec<{ pattern: string }>((tie) => ({
    pattern: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      atom,
      fc.tuple(tie('pattern'), tie('pattern')).map(([a, b]) => a + b),
      fc.tuple(tie('pattern'), fc.constantFrom('*', '+', '?', '{1,3}', '')).map(([inner, q]) => `(${inner})${q}`),
    ),
  }));

  it('answer, or are refused with a reason, on long adversarial inputs', () => {
    const input = `${'a'.repeat(3_000)}!`;
    fc.assert(
      fc.property(pattern, (source) => {
        try {
          expect(typeof matchesPattern(input, source)).toBe('boolean');
        } catch (error) {
          expect(error).toBeInstanceOf(RuleEvaluationError);
          expect(['unsafe-regex', 'bad-argument']).toContain((error as RuleEvaluationError).code);
        }
      }),
      { numRuns: 500 },
    );
  });
});
