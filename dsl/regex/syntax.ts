import { RuleEvaluationError } from '../errors';

/** Whether a code point belongs to a character class. */
export type CharTest = (codePoint: number) => boolean;

export type Assertion = 'start' | 'end' | 'word-boundary' | 'not-word-boundary';

export type RegexNode =
  | { readonly kind: 'empty' }
  | { readonly kind: 'char'; readonly test: CharTest }
  | { readonly kind: 'sequence'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alternation'; readonly options: readonly RegexNode[] }
  | { readonly kind: 'repeat'; readonly body: RegexNode; readonly min: number; readonly max: number }
  | { readonly kind: 'assertion'; readonly assertion: Assertion };

const MAX_REPEAT_COUNT = 1000;

const isDigit: CharTest = (cp) => cp >= 48 && cp <= 57;
export const isWordChar: CharTest = (cp) => isDigit(cp) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95;
const SPACES = new Set([9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const isSpace: CharTest = (cp) => SPACES.has(cp) || (cp >= 0x2000 && cp <= 0x200a);
const isLineTerminator: CharTest = (cp) => cp === 10 || cp === 13 || cp === 0x2028 || cp === 0x2029;
const not =
  (test: CharTest): CharTest =>
  (cp) =>
    !test(cp);

const CLASS_ESCAPES: Readonly<Record<string, CharTest>> = {
  d: isDigit,
  D: not(isDigit),
  w: isWordChar,
  W: not(isWordChar),
  s: isSpace,
  S: not(isSpace),
};

const CONTROL_ESCAPES: Readonly<Record<string, number>> = { n: 10, r: 13, t: 9, f: 12, v: 11 };

/**
 * Parses the JavaScript regular-expression subset that `$MATCH` supports: literals, `.`,
 * classes `[a-z]` `[^...]`, escapes `\d \w \s \b` (and their negations), anchors `^ $`,
 * groups `( )` `(?: )` `(?<name> )`, `|`, and the quantifiers `* + ? {n} {n,} {n,m}` (lazy
 * forms accepted). It rejects, as unsafe, backreferences, lookarounds, and repeated groups
 * that contain a variable quantifier or an alternation.
 */
export function parsePattern(pattern: string): RegexNode {
  return new PatternParser(pattern).parse();
}

interface Atom {
  readonly node: RegexNode;
  /** The group's source when the atom is a parenthesised group. */
  readonly group?: string;
}

class PatternParser {
  private index = 0;

  constructor(private readonly pattern: string) {}

  parse(): RegexNode {
    const node = this.alternation();
    if (this.index < this.pattern.length) throw this.invalid("unmatched ')'");
    return node;
  }

  private peek(): string | undefined {
    return this.pattern[this.index];
  }

  private alternation(): RegexNode {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.index += 1;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as RegexNode) : { kind: 'alternation', options };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    for (let next = this.peek(); next !== undefined && next !== '|' && next !== ')'; next = this.peek()) {
      items.push(this.quantified());
    }
    if (items.length === 0) return { kind: 'empty' };
    return items.length === 1 ? (items[0] as RegexNode) : { kind: 'sequence', items };
  }

  private quantified(): RegexNode {
    const atom = this.atom();
    const quantifier = this.quantifier();
    if (!quantifier) return atom.node;
    if (atom.node.kind === 'assertion') throw this.invalid('nothing to repeat');
    if (atom.group !== undefined && quantifier.max > 1) {
      if (containsVariableQuantifier(atom.node)) {
        throw unsafe(`nested quantifier: the repeated group '${atom.group}' itself contains a quantifier`);
      }
      if (containsAlternation(atom.node)) {
        throw unsafe(`nested quantifier: the repeated group '${atom.group}' contains an alternation`);
      }
    }
    return { kind: 'repeat', body: atom.node, ...quantifier };
  }

  private quantifier(): { min: number; max: number } | null {
    const char = this.peek();
    let bounds: { min: number; max: number } | null = null;
    if (char === '*') bounds = { min: 0, max: Infinity };
    else if (char === '+') bounds = { min: 1, max: Infinity };
    else if (char === '?') bounds = { min: 0, max: 1 };
    if (bounds) {
      this.index += 1;
    } else {
      const counted = /^\{(\d+)(,(\d*))?\}/.exec(this.pattern.slice(this.index));
      if (!counted) return null;
      const min = Number(counted[1]);
      const max = counted[2] === undefined ? min : counted[3] ? Number(counted[3]) : Infinity;
      if (min > max) throw this.invalid('numbers out of order in {} quantifier');
      if (min > MAX_REPEAT_COUNT || (max !== Infinity && max > MAX_REPEAT_COUNT)) {
        throw this.invalid(`repetition count above ${MAX_REPEAT_COUNT}`);
      }
      this.index += counted[0].length;
      bounds = { min, max };
    }
    if (this.peek() === '?') this.index += 1;
    return bounds;
  }

  private atom(): Atom {
    const start = this.index;
    const char = this.peek() as string;
    switch (char) {
      case '(':
        return { node: this.group(), group: this.pattern.slice(start, this.index) };
      case '[':
        return { node: this.characterClass() };
      case '.':
        this.index += 1;
        return { node: { kind: 'char', test: not(isLineTerminator) } };
      case '^':
        this.index += 1;
        return { node: { kind: 'assertion', assertion: 'start' } };
      case '$':
        this.index += 1;
        return { node: { kind: 'assertion', assertion: 'end' } };
      case '\\':
        return { node: this.escapeOutsideClass() };
      case '*':
      case '+':
      case '?':
        throw this.invalid('nothing to repeat');
      default: {
        if (char === '{' && this.quantifierAhead()) throw this.invalid('nothing to repeat');
        const codePoint = this.pattern.codePointAt(this.index) as number;
        this.index += codePoint > 0xffff ? 2 : 1;
        return { node: { kind: 'char', test: (cp) => cp === codePoint } };
      }
    }
  }

  private quantifierAhead(): boolean {
    return /^\{\d+(,\d*)?\}/.test(this.pattern.slice(this.index));
  }

  private group(): RegexNode {
    this.index += 1;
    const rest = this.pattern.slice(this.index);
    if (/^\?<?[=!]/.test(rest)) throw unsafe('lookarounds (lookahead and lookbehind) are not supported');
    if (rest.startsWith('?:')) {
      this.index += 2;
    } else if (rest.startsWith('?<')) {
      const name = /^\?<([A-Za-z_$][\w$]*)>/.exec(rest);
      if (!name) throw this.invalid('invalid group name');
      this.index += name[0].length;
    } else if (rest.startsWith('?')) {
      throw this.invalid("unsupported group '(?'");
    }
    const body = this.alternation();
    if (this.peek() !== ')') throw this.invalid("missing ')'");
    this.index += 1;
    return body;
  }

  private escapeOutsideClass(): RegexNode {
    const letter = this.pattern[this.index + 1];
    if (letter === 'b' || letter === 'B') {
      this.index += 2;
      return { kind: 'assertion', assertion: letter === 'b' ? 'word-boundary' : 'not-word-boundary' };
    }
    const escape = this.escape();
    return { kind: 'char', test: typeof escape === 'number' ? (cp) => cp === escape : escape };
  }

  /** Reads `\x` after the backslash; a single code point, or a class such as `\d`. */
  private escape(): number | CharTest {
    this.index += 1;
    const letter = this.peek();
    if (letter === undefined) throw this.invalid('\\ at end of pattern');
    this.index += 1;
    const classTest = CLASS_ESCAPES[letter];
    if (classTest) return classTest;
    const control = CONTROL_ESCAPES[letter];
    if (control !== undefined) return control;
    if (/[1-9]/.test(letter) || (letter === 'k' && this.peek() === '<')) {
      throw unsafe('backreferences are not supported');
    }
    if (letter === '0') {
      if (/[0-9]/.test(this.peek() ?? '')) throw this.invalid('octal escapes are not supported');
      return 0;
    }
    if (letter === 'x' || letter === 'u') {
      const digits = letter === 'x' ? 2 : 4;
      const hex = this.pattern.slice(this.index, this.index + digits);
      if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) throw this.invalid(`invalid \\${letter} escape`);
      this.index += digits;
      return parseInt(hex, 16);
    }
    if (letter === 'c') {
      const control = this.peek() ?? '';
      if (!/[A-Za-z]/.test(control)) throw this.invalid('invalid \\c escape');
      this.index += 1;
      return control.charCodeAt(0) % 32;
    }
    if (/[A-Za-z0-9]/.test(letter)) throw this.invalid(`unsupported escape '\\${letter}'`);
    return letter.codePointAt(0) as number;
  }

  private characterClass(): RegexNode {
    this.index += 1;
    const negated = this.peek() === '^';
    if (negated) this.index += 1;
    const tests: CharTest[] = [];
    while (this.peek() !== ']') {
      if (this.peek() === undefined) throw this.invalid("missing ']'");
      const low = this.classAtom();
      if (this.peek() === '-' && this.pattern[this.index + 1] !== ']' && this.pattern[this.index + 1] !== undefined) {
        this.index += 1;
        const high = this.classAtom();
        if (typeof low === 'number' && typeof high === 'number') {
          if (low > high) throw this.invalid('range out of order in character class');
          tests.push((cp) => cp >= low && cp <= high);
          continue;
        }
        // As in JavaScript, a class escape next to '-' makes the '-' a literal.
        tests.push(asTest(low), (cp) => cp === 45, asTest(high));
        continue;
      }
      tests.push(asTest(low));
    }
    this.index += 1;
    const inClass: CharTest = (cp) => tests.some((test) => test(cp));
    return { kind: 'char', test: negated ? not(inClass) : inClass };
  }

  private classAtom(): number | CharTest {
    if (this.peek() === '\\') {
      if (this.pattern[this.index + 1] === 'b') {
        this.index += 2;
        return 8;
      }
      if (this.pattern[this.index + 1] === 'B') throw this.invalid("'\\B' inside a character class");
      return this.escape();
    }
    const codePoint = this.pattern.codePointAt(this.index) as number;
    this.index += codePoint > 0xffff ? 2 : 1;
    return codePoint;
  }

  private invalid(reason: string): RuleEvaluationError {
    return new RuleEvaluationError('bad-argument', `invalid regular expression: ${reason} at position ${this.index + 1}`);
  }
}

function asTest(item: number | CharTest): CharTest {
  return typeof item === 'number' ? (cp) => cp === item : item;
}

function unsafe(reason: string): RuleEvaluationError {
  return new RuleEvaluationError('unsafe-regex', `unsafe regular expression: ${reason}`);
}

function containsVariableQuantifier(node: RegexNode): boolean {
  switch (node.kind) {
    case 'repeat':
      return node.min !== node.max || containsVariableQuantifier(node.body);
    case 'sequence':
      return node.items.some(containsVariableQuantifier);
    case 'alternation':
      return node.options.some(containsVariableQuantifier);
    default:
      return false;
  }
}

function containsAlternation(node: RegexNode): boolean {
  switch (node.kind) {
    case 'alternation':
      return true;
    case 'repeat':
      return containsAlternation(node.body);
    case 'sequence':
      return node.items.some(containsAlternation);
    default:
      return false;
  }
}
