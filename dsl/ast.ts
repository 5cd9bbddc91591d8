/** Where a token or node starts in the rule source. `line` and `column` are 1-based. */
export interface SourcePosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export type Literal = null | boolean | number | string;

export type BinaryOperator = '*' | '/' | '+' | '-' | '==' | '!=' | 'in' | 'not in' | '<' | '<=' | '>' | '>=';

export interface LiteralExpr {
  readonly kind: 'literal';
  readonly value: Literal;
  readonly position: SourcePosition;
}

/** A top-level name: a lambda parameter, else a payload key. */
export interface IdentifierExpr {
  readonly kind: 'identifier';
  readonly name: string;
  readonly position: SourcePosition;
}

export interface ListExpr {
  readonly kind: 'list';
  readonly items: readonly Expr[];
  readonly position: SourcePosition;
}

export interface ObjectEntry {
  readonly key: Expr;
  readonly value: Expr;
}

/** `{ key: value }`; as in the Moveworks DSL, keys are expressions that must give texts. */
export interface ObjectExpr {
  readonly kind: 'object';
  readonly entries: readonly ObjectEntry[];
  readonly position: SourcePosition;
}

/** `target.property` */
export interface MemberExpr {
  readonly kind: 'member';
  readonly target: Expr;
  readonly property: string;
  readonly position: SourcePosition;
}

/** `target[index]` */
export interface IndexExpr {
  readonly kind: 'index';
  readonly target: Expr;
  readonly index: Expr;
  readonly position: SourcePosition;
}

/** `target[start:end]`; an omitted bound is `null`. */
export interface SliceExpr {
  readonly kind: 'slice';
  readonly target: Expr;
  readonly start: Expr | null;
  readonly end: Expr | null;
  readonly position: SourcePosition;
}

/** `$FN(a, b)` or `a.$FN(b)`: the postfix receiver is the first argument. */
export interface CallExpr {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Argument[];
  readonly position: SourcePosition;
}

export interface NotExpr {
  readonly kind: 'not';
  readonly operand: Expr;
  readonly position: SourcePosition;
}

export interface BinaryExpr {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
  readonly position: SourcePosition;
}

/** A chain `a AND b AND c` kept flat, so long chains do not count as nesting. */
export interface LogicalExpr {
  readonly kind: 'logical';
  readonly operator: 'and' | 'or';
  readonly operands: readonly Expr[];
  readonly position: SourcePosition;
}

export interface ConditionalExpr {
  readonly kind: 'conditional';
  readonly test: Expr;
  readonly consequent: Expr;
  readonly alternate: Expr;
  readonly position: SourcePosition;
}

export type Expr =
  LiteralExpr | IdentifierExpr | ListExpr | ObjectExpr | MemberExpr | IndexExpr | SliceExpr | CallExpr | NotExpr | BinaryExpr | LogicalExpr | ConditionalExpr;

/** `x => body` or `(acc, x) => body`; only allowed as a function argument. */
export interface Lambda {
  readonly kind: 'lambda';
  readonly params: readonly string[];
  readonly body: Expr;
  readonly position: SourcePosition;
}

export type Argument = Expr | Lambda;

/** The expressions directly below `expr`; a lambda argument contributes its body. */
export function childrenOf(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'literal':
    case 'identifier':
      return [];
    case 'list':
      return [...expr.items];
    case 'object':
      return expr.entries.flatMap((entry) => [entry.key, entry.value]);
    case 'member':
      return [expr.target];
    case 'index':
      return [expr.target, expr.index];
    case 'slice':
      return [expr.target, expr.start, expr.end].filter((child): child is Expr => child !== null);
    case 'call':
      return expr.args.map((arg) => (arg.kind === 'lambda' ? arg.body : arg));
    case 'not':
      return [expr.operand];
    case 'binary':
      return [expr.left, expr.right];
    case 'logical':
      return [...expr.operands];
    case 'conditional':
      return [expr.test, expr.consequent, expr.alternate];
  }
}
