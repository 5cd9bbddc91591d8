/**
 * What identifies the workflow code: a SHA-256 of the workflow bundle as esbuild builds it without
 * comments or whitespace (the project's modules the bundle reaches from its entry points, with the
 * SDK's version), so a change to a comment or a line break is the same code, and any change to code
 * is another. The replay fixtures are kept per fingerprint (docs/changing-the-workflow.md), and a
 * worker keeps its webpack bundle under it (workflow-bundle.ts).
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WORKFLOW_ENTRY = path.join(ROOT, 'workflows', 'index.ts');

export async function workflowFingerprint(entryPoints: readonly string[] = [WORKFLOW_ENTRY]): Promise<string> {
  const built = await build({
    entryPoints: [...entryPoints],
    bundle: true,
    write: false,
    outdir: 'fingerprint',
    format: 'esm',
    platform: 'neutral',
    external: ['@temporalio/*'],
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'silent',
    // Module paths in the output are relative to the project: the same on every machine.
    absWorkingDir: ROOT,
  });
  const hash = createHash('sha256');
  for (const sdk of ['workflow', 'worker']) {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@temporalio', sdk, 'package.json'), 'utf8')) as { version: string };
    hash.update(`@temporalio/${sdk}@${version}\n`);
  }
  for (const output of built.outputFiles) hash.update(`${path.relative(ROOT, output.path)}\n`).update(output.text);
  return hash.digest('hex');
}
