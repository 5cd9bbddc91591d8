import { childrenOf, type Argument, type BinaryOperator, type Expr, type Lambda, type SourcePosition } from './ast';
import { END_OF_INPUT, RuleSyntaxError } from './errors';
import { checkArguments, lookupFunction } from './functions';
import { LIMITS } from './limits';
import { tokenize, type Token } from './lexer';

/**
 * Parses a rule into its AST. Recursive descent, one method per precedence level of the spec,
 * loosest first: IF, OR, AND, NOT, relational, equality / membership, additive, multiplicative,
 * member access, primary. Throws RuleSyntaxError.
 */
export function parseRule(source: string): Expr {
  if (source.length > LIMITS.maxSourceLength) {
    throw new RuleSyntaxError(
      { offset: 0, line: 1, column: 1 },
      `${source.length} characters`,
      [],
      `the rule has ${source.length} characters, more than the limit of ${LIMITS.maxSourceLength}`,
    );
  }
  return new Parser(tokenize(source)).parseRule();
}

const RELATIONAL: readonly string[] = ['<', '<=', '>', '>='];
const NESTED_TOO_DEEPLY = `the rule is nested more than ${LIMITS.maxDepth} levels deep`;

class Parser {
  private index = 0;
  /** Current recursion of the parser, bounded so that `((((...` cannot overflow the stack. */
  private nesting = 0;
  /** Height of each node built so far, bounded so that evaluation stays within the depth limit. */
  private readonly heights = new WeakMap<Expr, number>();

  constructor(private readonly tokens: readonly Token[]) {}

  parseRule(): Expr {
    const expr = this.expression();
    if (this.peek().kind !== 'end') this.fail([END_OF_INPUT]);
    return expr;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private isSymbol(symbol: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'symbol' && token.value === symbol;
  }

  private isKeyword(keyword: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'keyword' && token.value === keyword;
  }

  private expectSymbol(symbol: string): Token {
    if (!this.isSymbol(symbol)) this.fail([symbol]);
    return this.advance();
  }

  private expectKeyword(keyword: string): Token {
    if (!this.isKeyword(keyword)) this.fail([keyword]);
    return this.advance();
  }

  private fail(expected: readonly string[], problem?: string, token: Token = this.peek()): never {
    throw new RuleSyntaxError(token.position, token.raw, expected, problem);
  }

  private descend<T>(parse: () => T): T {
    if (this.nesting >= LIMITS.maxDepth) this.fail([], NESTED_TOO_DEEPLY);
    this.nesting += 1;
    try {
      return parse();
    } finally {
      this.nesting -= 1;
    }
  }

  /** Records a new node's height; `token` is where an over-deep rule is reported. */
  private build<T extends Expr>(node: T, token: Token): T {
    const height = 1 + Math.max(0, ...childrenOf(node).map((child) => this.heights.get(child) ?? 1));
    if (height > LIMITS.maxDepth) this.fail([], NESTED_TOO_DEEPLY, token);
    this.heights.set(node, height);
    return node;
  }

  private expression(): Expr {
    return this.descend(() => (this.isKeyword('IF') ? this.conditional() : this.or()));
  }

  private conditional(): Expr {
    const token = this.advance();
    const test = this.expression();
    this.expectKeyword('THEN');
    const consequent = this.expression();
    this.expectKeyword('ELSE');
    const alternate = this.expression();
    return this.build({ kind: 'conditional', test, consequent, alternate, position: token.position }, token);
  }

  private or(): Expr {
    return this.logical('OR', () => this.and());
  }

  private and(): Expr {
    return this.logical('AND', () => this.not());
  }

  private logical(keyword: 'AND' | 'OR', operand: () => Expr): Expr {
    const first = operand();
    if (!this.isKeyword(keyword)) return first;
    const token = this.peek();
    const operands = [first];
    while (this.isKeyword(keyword)) {
      this.advance();
      operands.push(operand());
    }
    const operator = keyword === 'AND' ? 'and' : 'or';
    return this.build({ kind: 'logical', operator, operands, position: token.position }, token);
  }

  private not(): Expr {
    if (!this.isKeyword('NOT')) return this.relational();
    const token = this.advance();
    const operand = this.descend(() => this.not());
    return this.build({ kind: 'not', operand, position: token.position }, token);
  }

  private relational(): Expr {
    let left = this.equality();
    while (this.peek().kind === 'symbol' && RELATIONAL.includes(this.peek().value)) {
      const token = this.advance();
      left = this.binary(token.value as BinaryOperator, left, this.equality(), token);
    }
    return left;
  }

  private equality(): Expr {
    let left = this.additive();
    for (;;) {
      const token = this.peek();
      let operator: BinaryOperator;
      if (this.isSymbol('==') || this.isSymbol('!=')) operator = token.value as BinaryOperator;
      else if (this.isKeyword('IN')) operator = 'in';
      else if (this.isKeyword('NOT') && this.isKeyword('IN', 1)) operator = 'not in';
      else return left;
      this.advance();
      if (operator === 'not in') this.advance();
      left = this.binary(operator, left, this.additive(), token);
    }
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isSymbol('+') || this.isSymbol('-')) {
      const token = this.advance();
      left = this.binary(token.value as BinaryOperator, left, this.multiplicative(), token);
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.postfix();
    while (this.isSymbol('*') || this.isSymbol('/')) {
      const token = this.advance();
      left = this.binary(token.value as BinaryOperator, left, this.postfix(), token);
    }
    return left;
  }

  private binary(operator: BinaryOperator, left: Expr, right: Expr, token: Token): Expr {
    return this.build({ kind: 'binary', operator, left, right, position: token.position }, token);
  }

  private postfix(): Expr {
    let target = this.primary();
    for (;;) {
      if (this.isSymbol('.')) {
        const dot = this.advance();
        const name = this.peek();
        if (name.kind === 'function') {
          target = this.call(this.advance(), target);
        } else if (name.kind === 'name' || name.kind === 'keyword') {
          // Any word may name an attribute after '.', keywords included: `ticket.in`.
          this.advance();
          target = this.build({ kind: 'member', target, property: name.raw, position: dot.position }, dot);
        } else {
          this.fail(['an attribute name', 'a function']);
        }
      } else if (this.isSymbol('[')) {
        target = this.descend(() => this.indexOrSlice(target));
      } else {
        return target;
      }
    }
  }

  private indexOrSlice(target: Expr): Expr {
    const bracket = this.advance();
    const start = this.isSymbol(':') ? null : this.expression();
    if (start !== null && this.isSymbol(']')) {
      this.advance();
      return this.build({ kind: 'index', target, index: start, position: bracket.position }, bracket);
    }
    this.expectSymbol(':');
    const end = this.isSymbol(']') ? null : this.expression();
    this.expectSymbol(']');
    return this.build({ kind: 'slice', target, start, end, position: bracket.position }, bracket);
  }

  private primary(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        return this.number(token, this.advance());
      case 'text':
        this.advance();
        return this.build({ kind: 'literal', value: token.value, position: token.position }, token);
      case 'function':
        return this.call(this.advance(), null);
      case 'name':
        if (this.isSymbol('=>', 1)) this.failLambdaOutsideCall();
        this.advance();
        return this.build({ kind: 'identifier', name: token.value, position: token.position }, token);
      case 'keyword':
        return this.keywordLiteral(token);
      case 'symbol':
        return this.symbolPrimary(token);
      case 'end':
        return this.fail(['an expression']);
    }
  }

  private keywordLiteral(token: Token): Expr {
    const values: Readonly<Record<string, boolean | null>> = { TRUE: true, FALSE: false, NULL: null };
    const value = values[token.value];
    if (value === undefined) this.fail(['an expression']);
    this.advance();
    return this.build({ kind: 'literal', value, position: token.position }, token);
  }

  private symbolPrimary(token: Token): Expr {
    switch (token.value) {
      case '-': {
        this.advance();
        const digits = this.peek();
        if (digits.kind !== 'number') this.fail(['a number']);
        return this.number(token, this.advance(), -1);
      }
      case '(': {
        if (this.lambdaAhead()) this.failLambdaOutsideCall();
        this.advance();
        const inner = this.expression();
        this.expectSymbol(')');
        return inner;
      }
      case '[':
        return this.descend(() => this.list());
      case '{':
        return this.descend(() => this.object());
      default:
        return this.fail(['an expression']);
    }
  }

  private number(start: Token, digits: Token, sign = 1): Expr {
    const value = sign * Number(digits.value);
    if (!Number.isFinite(value)) this.fail([], `number ${digits.raw.slice(0, 20)}... is out of range`, digits);
    return this.build({ kind: 'literal', value: value + 0, position: start.position }, start);
  }

  private list(): Expr {
    const bracket = this.advance();
    const items = this.separated(']', () => this.expression());
    return this.build({ kind: 'list', items, position: bracket.position }, bracket);
  }

  private object(): Expr {
    const brace = this.advance();
    const entries = this.separated('}', () => {
      const key = this.expression();
      this.expectSymbol(':');
      return { key, value: this.expression() };
    });
    return this.build({ kind: 'object', entries, position: brace.position }, brace);
  }

  /** Items separated by commas up to `close`, which it consumes. */
  private separated<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    if (!this.isSymbol(close)) {
      items.push(item());
      while (this.isSymbol(',')) {
        this.advance();
        items.push(item());
      }
    }
    if (!this.isSymbol(close)) this.fail([',', close]);
    this.advance();
    return items;
  }

  private call(name: Token, receiver: Expr | null): Expr {
    const spec = lookupFunction(name.value);
    if (!spec) this.fail(['a known function'], `unknown function '${name.raw}'`, name);
    if (!this.isSymbol('(')) this.fail(['(']);
    const args: Argument[] = this.descend(() => {
      this.advance();
      return [...(receiver ? [receiver] : []), ...this.separated(')', () => this.argument())];
    });
    const problem = checkArguments(
      spec,
      args.map((arg) => (arg.kind === 'lambda' ? arg.params.length : null)),
    );
    if (problem) {
      const at = problem.argument === null ? name : this.tokenAt(args[problem.argument]?.position ?? name.position);
      const note = problem.argument === null && receiver ? ", counting the value before '.'" : '';
      this.fail([], `${problem.problem}${note}`, at);
    }
    return this.build({ kind: 'call', name: spec.name, args, position: name.position }, name);
  }

  private tokenAt(position: SourcePosition): Token {
    return this.tokens.find((token) => token.position.offset === position.offset) ?? this.peek();
  }

  private argument(): Argument {
    return this.lambdaAhead() ? this.lambda() : this.expression();
  }

  /** Whether the next tokens read `x =>` or `(a, b) =>`. */
  private lambdaAhead(): boolean {
    if (this.peek().kind === 'name') return this.isSymbol('=>', 1);
    if (!this.isSymbol('(')) return false;
    let offset = 1;
    if (!this.isSymbol(')', offset)) {
      for (;;) {
        if (this.peek(offset).kind !== 'name') return false;
        offset += 1;
        if (!this.isSymbol(',', offset)) break;
        offset += 1;
      }
    }
    return this.isSymbol(')', offset) && this.isSymbol('=>', offset + 1);
  }

  private lambda(): Lambda {
    const start = this.peek();
    const params: string[] = [];
    if (start.kind === 'name') {
      params.push(this.advance().value);
    } else {
      this.advance();
      params.push(...this.separated(')', () => this.advance().value));
    }
    const duplicate = params.find((param, index) => params.indexOf(param) !== index);
    if (duplicate !== undefined) this.fail([], `lambda parameter '${duplicate}' is declared twice`, start);
    this.expectSymbol('=>');
    return { kind: 'lambda', params, body: this.expression(), position: start.position };
  }

  private failLambdaOutsideCall(): never {
    return this.fail([], "a lambda such as 'x => ...' is only allowed as a function argument");
  }
}
