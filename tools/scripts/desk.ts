/**
 * `npm run desk -- add-agent <name> [--supervisor]`: adds an agent to the local desk, or sets a
 * new password (and the role, with --supervisor) of an existing one. The password is read from
 * the terminal without echo, or from standard input's first line when it is piped. Works while
 * `npm start` runs: the desk reads its agents from its SQLite file on every sign-in.
 */
import path from 'node:path';
import type { z } from 'zod';
import { AgentNameSchema, PasswordSchema } from '../../contracts/desk-agent';
import { AgentDirectory } from '../../apps/desk/agents';
import { DESK_FILE_NAME, openDeskDatabase } from '../../apps/desk/database';
import { PROJECT_ROOT } from '../../config/settings';

const USAGE = `usage: npm run desk -- add-agent <name> [--supervisor]
  Adds an agent to the local desk (or gives an existing one a new password).
  The password is asked for without echo, or read from standard input when piped:
    printf '%s\\n' "$PASSWORD" | npm run desk -- add-agent Grace`;

const EXIT_USAGE = 2;
const EXIT_FAILED = 1;

/** Thrown when the command line or the password cannot be used; its message is for the person typing. */
class DeskCommandError extends Error {
  override readonly name = 'DeskCommandError';
  constructor(
    message: string,
    readonly exitCode = EXIT_USAGE,
  ) {
    super(message);
  }
}

function parseArguments(args: string[]): { name: string; supervisor: boolean } {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h') throw new DeskCommandError(USAGE);
  if (command !== 'add-agent') throw new DeskCommandError(`unknown command "${command}"\n${USAGE}`);
  const flags = rest.filter((arg) => arg.startsWith('--'));
  const names = rest.filter((arg) => !arg.startsWith('--'));
  const unknown = flags.filter((flag) => flag !== '--supervisor');
  if (unknown.length > 0) throw new DeskCommandError(`unknown option ${unknown.join(', ')}\n${USAGE}`);
  if (names.length !== 1)
    throw new DeskCommandError(`add-agent takes one name${names.length > 1 ? ` (quote a name with spaces: "${names.join(' ')}")` : ''}\n${USAGE}`);
  return { name: checked(AgentNameSchema, names[0]!), supervisor: flags.includes('--supervisor') };
}

function checked<S extends z.ZodType<string>>(schema: S, value: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DeskCommandError(parsed.error.issues[0]!.message);
  return parsed.data;
}

/** Reads one line from the terminal without showing it; Ctrl-C cancels. */
function askHidden(prompt: string): Promise<string> {
  const { stdin, stderr } = process;
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (outcome: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      outcome();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done(() => resolve(typed));
        if (char === '\u0003') return done(() => reject(new DeskCommandError('cancelled', 130)));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPipedLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.split(/\r?\n/)[0] ?? '';
}

async function readPassword(name: string): Promise<string> {
  if (!process.stdin.isTTY) return checked(PasswordSchema, await readPipedLine());
  const password = checked(PasswordSchema, await askHidden(`Password for ${name}: `));
  if ((await askHidden('The same password again: ')) !== password) throw new DeskCommandError('the two passwords differ; nothing was changed');
  return password;
}

async function main(): Promise<void> {
  const { name, supervisor } = parseArguments(process.argv.slice(2));
  const password = await readPassword(name);
  const file = path.join(process.env.HANDOFF_DATA_DIR || path.join(PROJECT_ROOT, 'data'), DESK_FILE_NAME);
  let db;
  try {
    db = openDeskDatabase(file);
  } catch (error) {
    throw new DeskCommandError(`cannot open the desk's file ${file}: ${(error as Error).message}`, EXIT_FAILED);
  }
  try {
    const saved = await new AgentDirectory(db).save(name, password, supervisor ? 'supervisor' : undefined);
    const ended = saved.sessionsEnded ? '; their sessions were ended' : '';
    console.log(`desk: agent ${saved.name} ${saved.change} (${saved.role})${ended}. Sign in at the desk's page (/desk) with this name and password.`);
  } finally {
    db.close();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof DeskCommandError) {
    console.error(error.message.startsWith('usage:') ? error.message : `desk: ${error.message}`);
    process.exit(error.exitCode);
  }
  console.error(`desk: failed: ${(error as Error).message}`);
  process.exit(EXIT_FAILED);
}
