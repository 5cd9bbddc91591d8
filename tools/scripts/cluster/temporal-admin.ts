/**
 * What the cluster asks of its frontend through the Temporal CLI, over mTLS with the client
 * certificate: whether it serves, the namespace, and Handoff's search attributes with their types
 * (workflows/search-attributes.ts is the one list; an Int key is created as Int, and so on).
 */
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SearchAttributeType } from '@temporalio/common';
import { HANDOFF_SEARCH_ATTRIBUTES } from '../../../workflows/search-attributes';
import type { ClusterCertificates } from './certificates';

/** The CLI's name of each of the SDK's search attribute types. */
export const CLI_SEARCH_ATTRIBUTE_TYPES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** How long a namespace keeps a closed workflow's history. */
export const NAMESPACE_RETENTION = '72h';

export class TemporalAdmin {
  constructor(
    private readonly cli: string,
    readonly address: string,
    readonly namespace: string,
    private readonly certificates: ClusterCertificates,
  ) {}

  /** Runs the CLI with the TLS flags; answers stdout, or rejects with the CLI's last line. */
  run(args: string[], timeoutMs = 15_000): Promise<string> {
    const tls = ['--tls-cert-path', this.certificates.clientCert, '--tls-key-path', this.certificates.clientKey, '--tls-ca-path', this.certificates.ca];
    // Only these flags: TEMPORAL_* variables of the environment (an API key, another address) would change what the CLI dials.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TEMPORAL_')));
    return new Promise((resolve, reject) => {
      execFile(
        this.cli,
        [...args, '--address', this.address, ...tls, '--command-timeout', `${timeoutMs}ms`, '--disable-config-file'],
        { env, timeout: timeoutMs + 5_000 },
        (error, stdout, stderr) => (error ? reject(new Error(stderr.trim().split('\n').at(-1) || error.message)) : resolve(stdout)),
      );
    });
  }

  /** Resolves once the frontend answers a health check over mTLS; rejects at once when `alive()` says the server ended. */
  async waitUntilServing(alive: () => boolean, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!alive()) throw new Error(`the Temporal server ended before it served on ${this.address}`);
      try {
        await this.run(['operator', 'cluster', 'health'], 5_000);
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`the Temporal frontend at ${this.address} did not serve within ${timeoutMs / 1000}s: ${(error as Error).message}`, { cause: error });
        await sleep(500);
      }
    }
  }

  /** Creates the namespace unless it exists, then waits until it serves requests (each service caches namespaces for a while). */
  async ensureNamespace(timeoutMs = 60_000): Promise<void> {
    try {
      await this.run(['operator', 'namespace', 'describe', '--namespace', this.namespace]);
    } catch {
      await this.run(['operator', 'namespace', 'create', '--namespace', this.namespace, '--retention', NAMESPACE_RETENTION]);
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.run(['workflow', 'count', '--namespace', this.namespace], 5_000);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(500);
      }
    }
  }

  /** Handoff's search attributes the namespace lacks, created with their types; the names created. */
  async ensureSearchAttributes(): Promise<string[]> {
    const listed = JSON.parse(await this.run(['operator', 'search-attribute', 'list', '--namespace', this.namespace, '-o', 'json'])) as {
      customAttributes?: Record<string, string>;
    };
    const existing = new Set(Object.keys(listed.customAttributes ?? {}));
    const missing = HANDOFF_SEARCH_ATTRIBUTES.filter((key) => !existing.has(key.name));
    for (const key of missing) {
      await this.run([
        'operator',
        'search-attribute',
        'create',
        '--namespace',
        this.namespace,
        '--name',
        key.name,
        '--type',
        CLI_SEARCH_ATTRIBUTE_TYPES[key.type],
      ]);
    }
    return missing.map((key) => key.name);
  }
}
