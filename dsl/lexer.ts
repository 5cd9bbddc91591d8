import type { SourcePosition } from './ast';
import { END_OF_INPUT, quoteFound, RuleSyntaxError } from './errors';

export type TokenKind = 'number' | 'text' | 'name' | 'function' | 'keyword' | 'symbol' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Decoded text for texts, upper case for keywords and function names, else as written. */
  readonly value: string;
  /** The token exactly as written in the source. */
  readonly raw: string;
  readonly position: SourcePosition;
}

export const KEYWORDS: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'IN', 'IF', 'THEN', 'ELSE', 'TRUE', 'FALSE', 'NULL']);

// Two-character symbols first, so that `>=` is not read as `>` followed by `=`.
const SYMBOLS = ['=>', '==', '!=', '>=', '<=', '(', ')', '[', ']', '{', '}', ',', '.', ':', '+', '-', '*', '/', '<', '>'];

const HINTS: Readonly<Record<string, string>> = {
  '=': "compare with '=='",
  '!': 'use NOT for negation',
  '&': 'use AND',
  '|': 'use OR',
};

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const WHITESPACE = /\s/;

/** Splits a rule's source into tokens, ending with one `end` token. */
export function tokenize(source: string): Token[] {
  return new Lexer(source).run();
}

class Lexer {
  private offset = 0;
  private line = 1;
  private column = 1;
  private readonly tokens: Token[] = [];

  constructor(private readonly source: string) {}

  run(): Token[] {
    for (;;) {
      this.skipWhitespace();
      const start = this.position();
      const char = this.source[this.offset];
      if (char === undefined) {
        this.tokens.push({ kind: 'end', value: '', raw: END_OF_INPUT, position: start });
        return this.tokens;
      }
      if (char === '"' || char === "'") this.readText(char, start);
      else if (DIGIT.test(char)) this.readNumber(start);
      else if (NAME_START.test(char)) this.readName(start);
      else if (char === '$') this.readFunctionName(start);
      else this.readSymbol(char, start);
    }
  }

  private position(): SourcePosition {
    return { offset: this.offset, line: this.line, column: this.column };
  }

  private advance(count: number): string {
    const taken = this.source.slice(this.offset, this.offset + count);
    for (const char of taken) {
      if (char === '\n') {
        this.line += 1;
        this.column = 1;
      } else {
        this.column += char.length;
      }
    }
    this.offset += taken.length;
    return taken;
  }

  private push(kind: TokenKind, value: string, start: SourcePosition): void {
    this.tokens.push({ kind, value, raw: this.source.slice(start.offset, this.offset), position: start });
  }

  private skipWhitespace(): void {
    while (this.offset < this.source.length && WHITESPACE.test(this.source[this.offset] ?? '')) this.advance(1);
  }

  private takeWhile(pattern: RegExp): string {
    let end = this.offset;
    while (end < this.source.length && pattern.test(this.source[end] ?? '')) end += 1;
    return this.advance(end - this.offset);
  }

  private readNumber(start: SourcePosition): void {
    this.takeWhile(DIGIT);
    if (this.source[this.offset] === '.' && DIGIT.test(this.source[this.offset + 1] ?? '')) {
      this.advance(1);
      this.takeWhile(DIGIT);
    }
    this.push('number', this.source.slice(start.offset, this.offset), start);
  }

  private readName(start: SourcePosition): void {
    const word = this.takeWhile(NAME_PART);
    const upper = word.toUpperCase();
    if (KEYWORDS.has(upper)) this.push('keyword', upper, start);
    else this.push('name', word, start);
  }

  private readFunctionName(start: SourcePosition): void {
    this.advance(1);
    const next = this.source[this.offset];
    if (next === undefined || !NAME_START.test(next)) {
      const found = next ?? END_OF_INPUT;
      const problem = `expected a function name after '$' but found ${quoteFound(found)}`;
      throw new RuleSyntaxError(this.position(), found, ['a function name'], problem);
    }
    const name = this.takeWhile(NAME_PART);
    this.push('function', `$${name.toUpperCase()}`, start);
  }

  // A backslash before a quote or a backslash yields that character; any other backslash is kept
  // as written, so that patterns such as '\d+' reach $MATCH without doubling the backslash.
  private readText(quote: string, start: SourcePosition): void {
    this.advance(1);
    let value = '';
    for (;;) {
      const char = this.source[this.offset];
      if (char === undefined) {
        const problem = `unterminated text: expected a closing ${quote} before end of input`;
        throw new RuleSyntaxError(start, END_OF_INPUT, [quote], problem);
      }
      if (char === quote) {
        this.advance(1);
        this.push('text', value, start);
        return;
      }
      if (char === '\\') {
        const escaped = this.source[this.offset + 1];
        if (escaped === '"' || escaped === "'" || escaped === '\\') {
          value += escaped;
          this.advance(2);
          continue;
        }
      }
      value += this.advance(1);
    }
  }

  private readSymbol(char: string, start: SourcePosition): void {
    const symbol = SYMBOLS.find((candidate) => this.source.startsWith(candidate, this.offset));
    if (symbol !== undefined) {
      this.advance(symbol.length);
      this.push('symbol', symbol, start);
      return;
    }
    const codePoint = String.fromCodePoint(this.source.codePointAt(this.offset) ?? 0);
    const hint = HINTS[char];
    throw new RuleSyntaxError(start, codePoint, [], `unexpected character '${codePoint}'${hint ? ` (${hint})` : ''}`);
  }
}
