import { describe, expect, it } from 'vitest';
import { generateEncryptionKeys } from '../../codec/encryption-keys';
import { loadSettings, SettingsError } from '../../config/settings';
import { ENDED_REASON, METRIC } from '../../observability/metric-names';
import { readDocsPage, sectionOf } from '../support/doc-pages';

const valid = {
  HANDOFF_API_TOKEN: 'a'.repeat(16),
  HANDOFF_CALLBACK_SECRET: 'b'.repeat(16),
  LOCAL_DESK_SECRET: 'c'.repeat(16),
  HANDOFF_ENCRYPTION_KEYS: generateEncryptionKeys(),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings({ ...valid, ...env });
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  return [];
}

describe('the metrics settings', () => {
  it('serve the worker metrics on 9464 and no token unless set', () => {
    const settings = loadSettings(valid);
    expect(settings.WORKER_METRICS_PORT).toBe(9464);
    expect(settings.HANDOFF_METRICS_TOKEN).toBeUndefined();
    expect(loadSettings({ ...valid, WORKER_METRICS_PORT: '0', HANDOFF_METRICS_TOKEN: 'm'.repeat(16) })).toMatchObject({
      WORKER_METRICS_PORT: 0,
      HANDOFF_METRICS_TOKEN: 'm'.repeat(16),
    });
  });

  it('refuse a short token and a port that is not one, naming the setting', () => {
    expect(problemsOf({ HANDOFF_METRICS_TOKEN: 'short' })).toEqual(['HANDOFF_METRICS_TOKEN: must be at least 16 characters (from the environment variable)']);
    expect(problemsOf({ WORKER_METRICS_PORT: '70000' })).toEqual([
      'WORKER_METRICS_PORT: must be a port number from 0 to 65535 (from the environment variable)',
    ]);
    expect(problemsOf({ WORKER_METRICS_PORT: '' })).toEqual(['WORKER_METRICS_PORT: must be a port number from 0 to 65535 (empty in the environment variable)']);
  });
});

describe('the docs for whoever scrapes', () => {
  const section = sectionOf(readDocsPage('observability.md'), '## Metrics');

  it('have a Metrics section in docs/observability.md naming every metric and every ending reason', () => {
    for (const name of Object.values(METRIC)) expect(section, name).toContain(`\`${name}`);
    for (const reason of Object.values(ENDED_REASON)) expect(section, reason).toContain(`\`${reason}\``);
  });

  it('show a scrape configuration and the alerts, with their PromQL', () => {
    expect(section).toContain('scrape_configs:');
    for (const query of [
      'handoff_ended_total{status="abandoned"}',
      'handoff_webhook_rejected_total',
      'temporal_workflow_task_execution_failed',
      'handoff_relay_latency_seconds_bucket',
    ]) {
      expect(section, query).toContain(query);
    }
  });

  it('list both settings in the settings table of docs/configuration.md', () => {
    const settings = sectionOf(readDocsPage('configuration.md'), '## Settings');
    for (const name of ['HANDOFF_METRICS_TOKEN', 'WORKER_METRICS_PORT']) expect(settings).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });
});
