import type { Instruction } from './compile';
import { isWordChar, type Assertion } from './syntax';

/** Where a pattern matched: code-point offsets, `end` exclusive. */
export interface PatternSpan {
  start: number;
  end: number;
}

/**
 * Every leftmost-longest, non-empty, non-overlapping match of a program in the input (what a
 * redaction replaces). A Pike VM: each thread carries where its match began, threads that began
 * earlier take a state first, so a state is held once per position by the leftmost start; once a
 * match is found, later starts stop and the run goes on only while the same start can still grow
 * longer. The time per pass is input length × program size; each pass moves past its match.
 */
export function findProgramSpans(program: readonly Instruction[], input: readonly number[]): PatternSpan[] {
  const spans: PatternSpan[] = [];
  let from = 0;
  while (from < input.length) {
    const span = new SpanSearch(program, input).from(from);
    if (!span) break;
    spans.push(span);
    from = span.end;
  }
  return spans;
}

class SpanSearch {
  private current: { pcs: Int32Array; starts: Int32Array; count: number };
  private next: { pcs: Int32Array; starts: Int32Array; count: number };
  private readonly addedAt: Int32Array;
  private readonly stack: Int32Array;
  private best: PatternSpan | undefined;

  constructor(
    private readonly program: readonly Instruction[],
    private readonly input: readonly number[],
  ) {
    const size = program.length;
    this.current = { pcs: new Int32Array(size), starts: new Int32Array(size), count: 0 };
    this.next = { pcs: new Int32Array(size), starts: new Int32Array(size), count: 0 };
    this.addedAt = new Int32Array(size).fill(-1);
    this.stack = new Int32Array(size);
  }

  from(first: number): PatternSpan | undefined {
    for (let position = first; ; position += 1) {
      // New attempts start only until a match is found: a later start is never leftmost.
      if (!this.best) this.add(0, position, position, this.current);
      if (position === this.input.length || (this.best && this.current.count === 0)) return this.best;
      const codePoint = this.input[position] as number;
      this.next.count = 0;
      for (let index = 0; index < this.current.count; index += 1) {
        const pc = this.current.pcs[index] as number;
        const start = this.current.starts[index] as number;
        if (this.best && start > this.best.start) continue;
        const { test } = this.program[pc] as Extract<Instruction, { op: 'char' }>;
        if (test(codePoint)) this.add(pc + 1, start, position + 1, this.next);
      }
      [this.current, this.next] = [this.next, this.current];
      if (this.best && this.current.count === 0) return this.best;
    }
  }

  private add(first: number, start: number, position: number, list: { pcs: Int32Array; starts: Int32Array; count: number }): void {
    const { program, addedAt, stack } = this;
    if (addedAt[first] === position) return;
    addedAt[first] = position;
    stack[0] = first;
    let depth = 1;
    while (depth > 0) {
      depth -= 1;
      const pc = stack[depth] as number;
      const instruction = program[pc] as Instruction;
      const follows: number[] = [];
      switch (instruction.op) {
        case 'match':
          if (position > start && (!this.best || start < this.best.start || (start === this.best.start && position > this.best.end))) {
            this.best = { start, end: position };
          }
          break;
        case 'char':
          list.pcs[list.count] = pc;
          list.starts[list.count] = start;
          list.count += 1;
          break;
        case 'jump':
          follows.push(instruction.target);
          break;
        case 'split':
          follows.push(instruction.second, instruction.first);
          break;
        case 'assert':
          if (this.holds(instruction.assertion, position)) follows.push(pc + 1);
          break;
      }
      for (const follow of follows) {
        if (addedAt[follow] === position) continue;
        addedAt[follow] = position;
        stack[depth++] = follow;
      }
    }
  }

  private holds(assertion: Assertion, position: number): boolean {
    switch (assertion) {
      case 'start':
        return position === 0;
      case 'end':
        return position === this.input.length;
      case 'word-boundary':
      case 'not-word-boundary': {
        const before = position > 0 && isWordChar(this.input[position - 1] as number);
        const after = position < this.input.length && isWordChar(this.input[position] as number);
        return (before !== after) === (assertion === 'word-boundary');
      }
    }
  }
}
