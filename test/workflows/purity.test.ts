import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

/** Every module the workflow bundle can reach, following value imports from workflows/index.ts and the trace propagation a tracing worker adds. */
function workflowModules(): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const source = readFileSync(file, 'utf8');
    const imports: string[] = [];
    for (const [, typeOnly, specifier] of source.matchAll(IMPORT)) {
      if (typeOnly) continue;
      imports.push(specifier!);
      if (specifier!.startsWith('.')) {
        const base = path.resolve(path.dirname(file), specifier!);
        const target = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => {
          try {
            return readFileSync(candidate) !== undefined;
          } catch {
            return false;
          }
        });
        if (!target) throw new Error(`${file}: cannot resolve ${specifier}`);
        seen.set(file, imports);
        visit(target);
      }
    }
    seen.set(file, imports);
  };
  visit(path.join(ROOT, 'workflows', 'index.ts'));
  visit(path.join(ROOT, 'observability', 'workflow-trace-propagation.ts'));
  return seen;
}

describe('workflow code', () => {
  it('imports only @temporalio/workflow, @temporalio/common and pure project modules', () => {
    const allowedPackages = new Set(['@temporalio/workflow', '@temporalio/common']);
    const modules = workflowModules();
    expect([...modules.keys()].map((f) => path.relative(ROOT, f))).toEqual(
      expect.arrayContaining(['workflows/index.ts', 'workflows/handoff.ts', 'workflows/session.ts', 'workflows/delivery-lane.ts']),
    );
    const offending: string[] = [];
    for (const [file, imports] of modules) {
      for (const specifier of imports) {
        if (!specifier.startsWith('.') && !allowedPackages.has(specifier)) offending.push(`${path.relative(ROOT, file)} → ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('reads no environment, clock or randomness of the host', () => {
    const offending: string[] = [];
    for (const file of workflowModules().keys()) {
      const source = readFileSync(file, 'utf8');
      if (/process\.env|Math\.random|performance\.now|setTimeout\(|require\(/.test(source)) offending.push(path.relative(ROOT, file));
    }
    expect(offending).toEqual([]);
  });

  it('keeps every file of workflows/ inside the bundle rules', () => {
    const files = readdirSync(path.join(ROOT, 'workflows')).filter((f) => f.endsWith('.ts'));
    for (const file of files) {
      const source = readFileSync(path.join(ROOT, 'workflows', file), 'utf8');
      expect(source, file).not.toMatch(/from ['"]node:|from ['"](fs|path|crypto|http|os)['"]/);
    }
  });
});
