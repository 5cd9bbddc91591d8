/**
 * The workflow bundle a worker runs, built once per workflow code and kept under the data folder:
 * webpack takes 10-20 s on two busy cores, and a worker restarted after a crash should poll in
 * seconds, not replay its backlog after a bundling pause. The file is named by the code's
 * fingerprint (workflow-fingerprint.ts, with the interceptor modules and the failure converter),
 * so another release or a tracing worker builds its own; an unreadable cache just builds again.
 */
import { bundleWorkflowCode, type BundleOptions, type Logger } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { FAILURE_CONVERTER_PATH } from '../codec/data-converter';
import { PRIVATE_FOLDER_MODE } from '../lib/private-folder';
import { WORKFLOW_ENTRY, workflowFingerprint } from './workflow-fingerprint';

export const WORKFLOW_BUNDLE_FOLDER = 'workflow-bundles';

/**
 * How the workflow code is bundled, wherever it is (a worker, the tests' global set-up): with the
 * failure converter, and with the workflow modules loaded once for every run the worker's V8
 * context holds (`preloadModules`) instead of once per run. That is safe because they keep no state
 * of a run at module level (a workflow's state lives in its session; the proxies and tables there
 * are read-only, and the SDK freezes them).
 */
export function workflowBundleOptions(workflowInterceptorModules: readonly string[]): Omit<BundleOptions, 'logger'> {
  return {
    workflowsPath: WORKFLOW_ENTRY,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    workflowInterceptorModules: [...workflowInterceptorModules],
    preloadModules: [WORKFLOW_ENTRY],
  };
}

/** The bundle's path under `<dataDir>/workflow-bundles/`, building it first when no worker built this code before. */
export async function cachedWorkflowBundle(dataDir: string, workflowInterceptorModules: readonly string[], logger?: Logger): Promise<string> {
  const fingerprint = await workflowFingerprint([WORKFLOW_ENTRY, ...workflowInterceptorModules, FAILURE_CONVERTER_PATH]);
  const folder = path.join(dataDir, WORKFLOW_BUNDLE_FOLDER);
  const file = path.join(folder, `${fingerprint.slice(0, 32)}.js`);
  if (existsSync(file)) return file;
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(workflowInterceptorModules), ...(logger && { logger: buildLogAtDebug(logger) }) });
  await mkdir(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  const part = `${file}.${randomUUID()}.part`;
  await writeFile(part, code);
  await rename(part, file);
  logger?.info(`workflow bundle built once for this code: ${path.relative(dataDir, file)}`, { bytes: code.length });
  return file;
}

/** The bundler logs webpack's whole build report at info; an operator needs only that it was built, and its errors. */
function buildLogAtDebug(logger: Logger): Logger {
  return {
    log: (level, message, meta) => logger.log(level === 'INFO' ? 'DEBUG' : level, message, meta),
    trace: (message, meta) => logger.trace(message, meta),
    debug: (message, meta) => logger.debug(message, meta),
    info: (message, meta) => logger.debug(message, meta),
    warn: (message, meta) => logger.warn(message, meta),
    error: (message, meta) => logger.error(message, meta),
  };
}
