/**
 * The client works from another project: built as `npm pack` builds it (tsconfig.build.json, plain
 * Node ESM, no tsx), installed under its package name, then imported and type-checked there.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PACKAGE = path.join(ROOT, 'clients/typescript');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
let project = '';

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'handoff-client-consumer-'));
  const installed = path.join(project, 'node_modules/@handoff/client');
  mkdirSync(installed, { recursive: true });
  execFileSync(process.execPath, [TSC, '-p', path.join(PACKAGE, 'tsconfig.build.json'), '--outDir', path.join(installed, 'dist')], { cwd: PACKAGE });
  const manifest = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'));
  for (const file of manifest.files.filter((name: string) => name !== 'dist')) cpSync(path.join(PACKAGE, file), path.join(installed, file));
  cpSync(path.join(PACKAGE, 'schema.d.ts'), path.join(installed, 'dist/schema.d.ts'));
  cpSync(path.join(PACKAGE, 'package.json'), path.join(installed, 'package.json'));
  // What npm would install beside it: its dependencies and the optional peer.
  for (const name of ['openapi-fetch', 'zod', 'botbuilder', '@types/node']) {
    mkdirSync(path.dirname(path.join(project, 'node_modules', name)), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules', name), path.join(project, 'node_modules', name));
  }
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
}, 120_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('the client as another project installs it', () => {
  it('imports under its package name in plain Node, both entry points', () => {
    const script = `
      import { HandoffClient, CallbackReceiver, BotEventSchema } from '@handoff/client';
      import { HandoffMiddleware, handoffRequestOf } from '@handoff/client/botbuilder';
      const client = new HandoffClient({ baseUrl: 'http://localhost:3000', apiToken: 't' });
      console.log(JSON.stringify([typeof client.start, typeof CallbackReceiver, typeof HandoffMiddleware, typeof handoffRequestOf,
        BotEventSchema.safeParse({ handoffId: 'h', eventId: 'e', seq: 1, type: 'agent.message', at: '2026-12-07T08:00:00Z' }).success]));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(['function', 'function', 'function', 'function', true]);
  });

  it("type-checks a consumer's code against the package's declarations", () => {
    writeFileSync(
      path.join(project, 'bot.ts'),
      `import { HandoffClient, type HandoffView } from '@handoff/client';
       const client = new HandoffClient({ baseUrl: 'http://localhost:3000', apiToken: 't' });
       export const started: Promise<HandoffView> = client.start({ conversationId: 'c', user: { id: 'u' }, issue: { lastUtterance: 'hi' } });
       // @ts-expect-error: the contract has no such status
       export const wrong: HandoffView['status'] = 'lost';`,
    );
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['bot.ts'],
      }),
    );
    expect(typeCheck(project)).toBe('');
  });
});

/** tsc's complaints about the project, empty when it compiles. */
function typeCheck(dir: string): string {
  try {
    return execFileSync(process.execPath, [TSC, '-p', dir], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    return String((error as { stdout?: string }).stdout);
  }
}
