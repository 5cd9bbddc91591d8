import { RuleEvaluationError } from '../errors';
import { LIMITS } from '../limits';
import type { Assertion, CharTest, RegexNode } from './syntax';

export type Instruction =
  | { readonly op: 'char'; readonly test: CharTest }
  | { readonly op: 'split'; first: number; second: number }
  | { readonly op: 'jump'; target: number }
  | { readonly op: 'assert'; readonly assertion: Assertion }
  | { readonly op: 'match' };

/** Compiles a parsed pattern into a program for the Thompson-style matcher in `run.ts`. */
export function compilePattern(node: RegexNode): Instruction[] {
  const program: Instruction[] = [];
  emit(node, program);
  push(program, { op: 'match' });
  return program;
}

// Counted repetition copies its body, so the program size is checked as it grows.
function push<T extends Instruction>(program: Instruction[], instruction: T): T {
  if (program.length >= LIMITS.maxPatternStates) {
    throw new RuleEvaluationError('unsafe-regex', `unsafe regular expression: the pattern expands to more than ${LIMITS.maxPatternStates} matcher states`);
  }
  program.push(instruction);
  return instruction;
}

function emit(node: RegexNode, program: Instruction[]): void {
  switch (node.kind) {
    case 'empty':
      return;
    case 'char':
      push(program, { op: 'char', test: node.test });
      return;
    case 'assertion':
      push(program, { op: 'assert', assertion: node.assertion });
      return;
    case 'sequence':
      for (const item of node.items) emit(item, program);
      return;
    case 'alternation':
      emitAlternation(node.options, program);
      return;
    case 'repeat':
      emitRepeat(node.body, node.min, node.max, program);
      return;
  }
}

function emitAlternation(options: readonly RegexNode[], program: Instruction[]): void {
  const exits: { target: number }[] = [];
  options.forEach((option, index) => {
    const isLast = index === options.length - 1;
    const split = isLast ? null : push(program, { op: 'split', first: program.length + 1, second: -1 });
    emit(option, program);
    if (split) {
      exits.push(push(program, { op: 'jump', target: -1 }));
      split.second = program.length;
    }
  });
  for (const exit of exits) exit.target = program.length;
}

function emitRepeat(body: RegexNode, min: number, max: number, program: Instruction[]): void {
  for (let count = 0; count < min; count += 1) emit(body, program);
  if (max === Infinity) {
    const loop = program.length;
    const split = push(program, { op: 'split', first: loop + 1, second: -1 });
    emit(body, program);
    push(program, { op: 'jump', target: loop });
    split.second = program.length;
    return;
  }
  const optionalSplits: { second: number }[] = [];
  for (let count = min; count < max; count += 1) {
    optionalSplits.push(push(program, { op: 'split', first: program.length + 1, second: -1 }));
    emit(body, program);
  }
  for (const split of optionalSplits) split.second = program.length;
}
