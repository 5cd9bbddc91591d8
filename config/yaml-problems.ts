/**
 * YAML syntax errors of the profiles file, at the line where the mistake is. The parser notices an
 * unclosed quote or bracket only where the text stops making sense (often the end of the file)
 * and a missing comma at the next item; these are moved back to the quote or bracket that was
 * opened and to where the comma belongs. Errors the parser raises after the first on a line follow
 * from it and are left out.
 */
import { Parser, type CST, type YAMLError } from 'yaml';

interface Located {
  offset: number;
  reason: string;
}

/** `line 4, column 18: this ' quote is never closed`, then that line and a caret under the column. */
export function yamlProblems(text: string, errors: readonly YAMLError[]): string[] {
  const tokens = [...tokensIn(new Parser().parse(text))];
  const seenLines = new Set<number>();
  const problems: string[] = [];
  for (const error of errors) {
    const { offset, reason } = locate(text, tokens, error);
    const { line, column } = lineAndColumn(text, offset);
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    const source = text.split('\n')[line - 1] ?? '';
    problems.push(`line ${line}, column ${column}: ${reason}\n${source}\n${' '.repeat(column - 1)}^`);
  }
  return problems;
}

function locate(text: string, tokens: CST.Token[], error: YAMLError): Located {
  const at = error.pos[0];
  const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (error.code === 'MISSING_CHAR' && /closing .?quote/.test(reason)) {
    const scalar = tokens.find(
      (token) =>
        (token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar') && token.offset <= at && at <= token.offset + token.source.length,
    );
    if (scalar && 'source' in scalar) return { offset: scalar.offset, reason: `this ${scalar.source[0]} quote is never closed` };
  }
  const unclosedBracket = /end with a ([}\]])/.exec(reason);
  if (unclosedBracket) {
    const close = unclosedBracket[1]!;
    const unclosed = tokens.filter(
      (token): token is CST.FlowCollection => token.type === 'flow-collection' && token.offset < at && !token.end.some((end) => end.source === close),
    );
    const opened = unclosed.sort((a, b) => a.offset - b.offset).at(-1);
    if (opened) return { offset: opened.offset, reason: `this ${opened.start.source} is never closed with ${close}` };
  }
  if (/^Missing , between/.test(reason)) return { offset: text.slice(0, at).trimEnd().length, reason: 'a comma is missing here' };
  return { offset: at, reason };
}

/** Every token of the concrete syntax tree, in the order of their offsets. */
function* tokensIn(node: unknown): Generator<CST.Token> {
  if (Array.isArray(node) || (typeof node === 'object' && node !== null && Symbol.iterator in node)) {
    for (const child of node as Iterable<unknown>) yield* tokensIn(child);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  if ('type' in node && 'offset' in node) yield node as CST.Token;
  for (const value of Object.values(node)) if (typeof value === 'object') yield* tokensIn(value);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
