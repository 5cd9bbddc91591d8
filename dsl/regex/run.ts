import type { Instruction } from './compile';
import { isWordChar, type Assertion } from './syntax';

/** Matcher states visited per evaluation step charged. */
const STATES_PER_STEP = 100;

/**
 * Whether the program matches anywhere in the input. All alternatives advance together one code
 * point at a time, each program state at most once per position, so the time is bounded by
 * input length × program size whatever the pattern: there is no backtracking to blow up. The
 * work done is charged as it goes, so the caller's step limit can stop a long match.
 */
export function runProgram(program: readonly Instruction[], input: readonly number[], charge: (steps: number) => void): boolean {
  return new Matcher(program, input, charge).run();
}

class Matcher {
  private current: Int32Array;
  private next: Int32Array;
  private currentCount = 0;
  private nextCount = 0;
  /** The position at which each state was last added, so it is added once per position. */
  private readonly addedAt: Int32Array;
  private readonly stack: Int32Array;

  constructor(
    private readonly program: readonly Instruction[],
    private readonly input: readonly number[],
    private readonly charge: (steps: number) => void,
  ) {
    this.current = new Int32Array(program.length);
    this.next = new Int32Array(program.length);
    this.addedAt = new Int32Array(program.length).fill(-1);
    this.stack = new Int32Array(program.length);
  }

  run(): boolean {
    let work = 0;
    for (let position = 0; ; position += 1) {
      work += this.currentCount + 1;
      if (work >= STATES_PER_STEP) {
        this.charge(Math.floor(work / STATES_PER_STEP));
        work %= STATES_PER_STEP;
      }
      // A new attempt starts at every position: the search is unanchored, like RegExp#test.
      if (this.addState(0, position, false)) return true;
      if (position === this.input.length) return false;
      const codePoint = this.input[position] as number;
      this.nextCount = 0;
      for (let index = 0; index < this.currentCount; index += 1) {
        const pc = this.current[index] as number;
        const { test } = this.program[pc] as Extract<Instruction, { op: 'char' }>;
        if (test(codePoint) && this.addState(pc + 1, position + 1, true)) return true;
      }
      [this.current, this.next] = [this.next, this.current];
      this.currentCount = this.nextCount;
    }
  }

  /**
   * Adds a state, and every state reachable from it without reading input, to the current or
   * next list; true when that reaches a match.
   */
  private addState(start: number, position: number, toNext: boolean): boolean {
    const { program, addedAt, stack } = this;
    if (addedAt[start] === position) return false;
    addedAt[start] = position;
    stack[0] = start;
    let depth = 1;
    while (depth > 0) {
      depth -= 1;
      const pc = stack[depth] as number;
      const instruction = program[pc] as Instruction;
      let follow = -1;
      let alsoFollow = -1;
      switch (instruction.op) {
        case 'match':
          return true;
        case 'char':
          if (toNext) this.next[this.nextCount++] = pc;
          else this.current[this.currentCount++] = pc;
          break;
        case 'jump':
          follow = instruction.target;
          break;
        case 'split':
          follow = instruction.first;
          alsoFollow = instruction.second;
          break;
        case 'assert':
          if (this.holds(instruction.assertion, position)) follow = pc + 1;
          break;
      }
      if (alsoFollow >= 0 && addedAt[alsoFollow] !== position) {
        addedAt[alsoFollow] = position;
        stack[depth++] = alsoFollow;
      }
      if (follow >= 0 && addedAt[follow] !== position) {
        addedAt[follow] = position;
        stack[depth++] = follow;
      }
    }
    return false;
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
