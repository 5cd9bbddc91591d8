/**
 * One real Temporal dev server and one workflow bundle for the whole run; each test file then
 * starts its own worker on its own task queue against them.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { WORKFLOW_TRACE_PROPAGATION_MODULE } from '../observability/temporal-tracing';
import { dynamicConfigFlags } from '../tools/scripts/dev-server-flags';
import { ensureTemporalCli } from '../tools/scripts/temporal-cli.mjs';
import { workflowBundleOptions } from '../worker/workflow-bundle';
import { HANDOFF_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
    /** The same workflows with the trace propagation a tracing worker loads. */
    tracingWorkflowBundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: ensureTemporalCli() },
      ip: '127.0.0.1',
      searchAttributes: [...HANDOFF_SEARCH_ATTRIBUTES],
      extraArgs: dynamicConfigFlags(),
    },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'handoff-bundle-'));
  const bundleInto = async (file: string, workflowInterceptorModules: string[]) => {
    const bundle = await bundleWorkflowCode({ ...workflowBundleOptions(workflowInterceptorModules), logger: quietLogger });
    writeFileSync(path.join(dir, file), bundle.code);
    return path.join(dir, file);
  };
  project.provide('temporalAddress', env.address);
  project.provide('workflowBundlePath', await bundleInto('workflow-bundle.js', []));
  project.provide('tracingWorkflowBundlePath', await bundleInto('tracing-workflow-bundle.js', [WORKFLOW_TRACE_PROPAGATION_MODULE]));
  return async () => {
    await env.teardown();
    rmSync(dir, { recursive: true, force: true });
  };
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
