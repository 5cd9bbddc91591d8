/**
 * `handoff-rule`: evaluates a trigger rule against a JSON payload, so that admins can check a
 * rule before putting it in a profile. Run through `tools/bin/handoff-rule.mjs`.
 */
import { readFile } from 'node:fs/promises';
import { compileRule, evaluateRule, RuleSyntaxError, TRIGGER_RULE_ROOTS, type CompiledRule } from '../../dsl/index';
import { parseTime } from '../../dsl/time';

const EXIT = { ok: 0, syntaxError: 2, evaluationError: 3, usage: 64 } as const;

const HELP = `Usage: handoff-rule '<rule>' [--payload <file.json | ->] [--now <iso-time>]

Evaluates a trigger rule against a JSON payload and prints one JSON line:
  {"value":<the rule's result>,"offered":<true|false>}
As in a profile, the rule may read ${TRIGGER_RULE_ROOTS.join(', ')}; with --payload, also
the payload's own top-level keys (a profile's rule still reads only the first).

Options:
  --payload <file>  the JSON object the rule reads; '-' reads standard input (default: {})
  --now <time>      the ISO-8601 time $TIME() returns (default: the current time)
  -h, --help        show this help

Exit codes:
  0   evaluated; the JSON line is on standard output
  2   the rule has a syntax error or reads an unknown name (message with line and column
      on standard error)
  3   evaluating the rule failed (message on standard error)
  64  bad usage, or a payload that cannot be read or is not a JSON object
`;

/** Thrown when the command line or the payload it names cannot be used. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface Invocation {
  readonly rule: string;
  readonly payload: string | undefined;
  readonly now: string | undefined;
}

function parseCommandLine(args: readonly string[]): Invocation | 'help' {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '--') {
      positional.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inlineValue] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg];
    if (name !== '--payload' && name !== '--now') throw new UsageError(`unknown option ${name}`);
    const value = inlineValue ?? args[(index += 1)];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    options.set(name, value);
  }
  if (positional.length !== 1) {
    throw new UsageError(positional.length === 0 ? 'missing the rule' : 'give the rule as a single argument (quote it)');
  }
  return { rule: positional[0] as string, payload: options.get('--payload'), now: options.get('--now') };
}

async function readPayload(source: string | undefined): Promise<Record<string, unknown>> {
  if (source === undefined) return {};
  let text: string;
  try {
    text = source === '-' ? await readStandardInput() : await readFile(source, 'utf8');
  } catch (error) {
    const where = source === '-' ? 'from standard input' : `file '${source}'`;
    throw new UsageError(`cannot read the payload ${where}: ${(error as Error).message}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the payload is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new UsageError('the payload must be a JSON object');
  }
  return payload as Record<string, unknown>;
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The names the rule may start a path with: a profile's, and the keys of the payload given, so a
 * rule written for another payload (the spec's `form_id`, `data.items`) can be tried; a name
 * neither has is still refused with a hint.
 */
function rootsOf(payload: Record<string, unknown>): string[] {
  return [...new Set([...TRIGGER_RULE_ROOTS, ...Object.keys(payload)])];
}

/** The offending source line with a caret under the column. */
function pointAt(source: string, line: number, column: number): string {
  const text = source.split('\n')[line - 1] ?? '';
  const indent = text.slice(0, column - 1).replace(/[^\t]/g, ' ');
  return `  ${text}\n  ${indent}^`;
}

async function main(args: readonly string[]): Promise<number> {
  let invocation: Invocation | 'help';
  let payload: Record<string, unknown>;
  try {
    invocation = parseCommandLine(args);
    if (invocation === 'help') {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    if (invocation.now !== undefined && parseTime(invocation.now) === null) {
      throw new UsageError(`--now '${invocation.now}' is not an ISO-8601 time`);
    }
    payload = await readPayload(invocation.payload);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`handoff-rule: ${error.message}\nRun 'handoff-rule --help' for usage.\n`);
    return EXIT.usage;
  }

  let rule: CompiledRule;
  try {
    rule = compileRule(invocation.rule, { roots: rootsOf(payload) });
  } catch (error) {
    if (!(error instanceof RuleSyntaxError)) throw error;
    process.stderr.write(`handoff-rule: syntax error: ${error.message}\n${pointAt(invocation.rule, error.line, error.column)}\n`);
    return EXIT.syntaxError;
  }

  const outcome = evaluateRule(rule, payload, { now: invocation.now ?? new Date() });
  if (!outcome.ok) {
    process.stderr.write(`handoff-rule: evaluation error (${outcome.error.code}): ${outcome.error.message}\n`);
    return EXIT.evaluationError;
  }
  process.stdout.write(`${JSON.stringify({ value: outcome.value, offered: outcome.offered })}\n`);
  return EXIT.ok;
}

process.exitCode = await main(process.argv.slice(2));
