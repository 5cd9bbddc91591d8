import { childrenOf, type Expr, type SourcePosition } from './ast';
import { closestWord } from './edit-distance';
import { quoteFound, RuleSyntaxError } from './errors';

/** A top-level name in a rule, with the lambda parameters around it (innermost first). */
interface NameUse {
  readonly name: string;
  readonly position: SourcePosition;
  readonly params: readonly string[];
  /** Whether the name starts a path (`usr.department`) rather than standing alone (`Sales`). */
  readonly startsPath: boolean;
}

/**
 * Throws RuleSyntaxError at the first name that is neither one of `roots` nor a parameter of a
 * lambda around it: the payload never has it, so it would always read NULL, and `x == Sales`
 * would be true whenever `x` is missing.
 */
export function assertKnownNames(ast: Expr, roots: readonly string[]): void {
  for (const use of namesIn(ast, [], false)) {
    if (!use.params.includes(use.name) && !roots.includes(use.name)) {
      throw new RuleSyntaxError(use.position, use.name, [...use.params, ...roots], describeUnknownName(use, roots));
    }
  }
}

/**
 * Whether the rule reads the payload name `root`: as the start of a path (`availability.open`) or
 * alone (`availability != null`), and not as a lambda parameter that happens to share the name.
 */
export function readsRoot(ast: Expr, root: string): boolean {
  for (const use of namesIn(ast, [], false)) {
    if (use.name === root && !use.params.includes(root)) return true;
  }
  return false;
}

// Yields in source order: every node's children are visited left to right.
function* namesIn(expr: Expr, params: readonly string[], startsPath: boolean): Generator<NameUse> {
  switch (expr.kind) {
    case 'identifier':
      yield { name: expr.name, position: expr.position, params, startsPath };
      return;
    case 'member':
      yield* namesIn(expr.target, params, true);
      return;
    case 'index':
    case 'slice':
      yield* namesIn(expr.target, params, true);
      for (const bound of expr.kind === 'index' ? [expr.index] : [expr.start, expr.end]) {
        if (bound) yield* namesIn(bound, params, false);
      }
      return;
    case 'call':
      for (const arg of expr.args) {
        if (arg.kind === 'lambda') yield* namesIn(arg.body, [...new Set([...arg.params, ...params])], false);
        // The receiver of a postfix call (`emial.$LENGTH()`) is written before the call's name.
        else yield* namesIn(arg, params, arg.position.offset < expr.position.offset);
      }
      return;
    default:
      for (const child of childrenOf(expr)) yield* namesIn(child, params, false);
  }
}

function describeUnknownName(use: NameUse, roots: readonly string[]): string {
  const readable = roots.length === 0 ? 'a rule reads no names here' : `a rule reads only ${listOf(roots)}`;
  const params = use.params.length === 0 ? '' : `, and here the lambda parameter${use.params.length > 1 ? 's' : ''} ${listOf(use.params)}`;
  const hint = hintFor(use, [...use.params, ...roots]);
  return `unknown name ${quoteFound(use.name)}: ${readable}${params}${hint === undefined ? '' : `; did you mean ${hint}?`}`;
}

// A word standing alone was most likely meant as a text (`== Sales`); a word starting a path was
// meant as a name, so only a close name helps there.
function hintFor(use: NameUse, names: readonly string[]): string | undefined {
  const near = closestWord(use.name, names);
  if (use.startsPath) return near;
  return near === undefined ? `"${use.name}"` : `"${use.name}", or ${near}`;
}

function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
