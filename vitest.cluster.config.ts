import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: the acceptance and failure flows on a Temporal cluster of this machine
 * (tools/scripts/cluster/), one file after another since they share one cluster each. The files are
 * named `*.cluster-test.ts`, which neither project of `npm test` (vitest.config.ts) includes.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.cluster-test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
