/**
 * What identifies the workflow code for its replay fixtures: a SHA-256 of the workflow bundle as
 * esbuild builds it without comments or whitespace (the project's modules the bundle reaches from
 * workflows/index.ts, with the SDK's version), so a change to a comment or a line break asks for no
 * new fixtures, and any change to code does.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function workflowFingerprint(): Promise<string> {
  const built = await build({
    entryPoints: [path.join(ROOT, 'workflows', 'index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    external: ['@temporalio/*'],
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  const sdk = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@temporalio', 'workflow', 'package.json'), 'utf8')).version as string;
  // The bundle names its modules by their paths: the same on every machine, as they are relative to the working folder.
  return createHash('sha256').update(`@temporalio/workflow@${sdk}\n`).update(built.outputFiles[0]!.text).digest('hex');
}
