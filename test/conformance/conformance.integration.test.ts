/**
 * Every brokering platform through the one conformance suite (suite.ts): each platform folder with
 * a `test/conformance.ts` beside its simulator is found here, so a new platform needs nothing more.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ConformanceSubject } from './subject';
import { describeConformance } from './suite';

const PLATFORMS = path.join(import.meta.dirname, '../../platforms');

const adapters = readdirSync(PLATFORMS)
  .map((folder) => path.join(PLATFORMS, folder, 'test', 'conformance.ts'))
  .filter((file) => existsSync(file))
  .sort();

for (const file of adapters) {
  const { conformance } = (await import(file)) as { conformance: ConformanceSubject };
  describeConformance(conformance);
}
