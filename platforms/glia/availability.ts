/**
 * Glia's answer to "is anyone there?": the queue's status, as Glia's SDKs name it: `opened` (open;
 * Glia tells no agent count), `closed`, `full` and `unstaffed` (open, but no operator can take a
 * chat now: 0 available), `unknown` (Glia cannot tell: the probe throws, the check says unknown).
 * The REST call is not in Glia's public docs, so its path and field are options
 * (`queueStatusPath`, `queueStatusField`).
 */
import type { AvailabilityProbe, PlatformAvailability } from '../connector';
import { gliaCaller, type GliaCall } from './api';
import type { GliaOptions } from './options';
import type { GliaTokens } from './token';

const STATUSES: Record<string, PlatformAvailability> = {
  opened: { open: true },
  closed: { open: false },
  full: { open: true, agentsAvailable: 0 },
  unstaffed: { open: true, agentsAvailable: 0 },
};

export function gliaAvailability({
  env,
  tokens,
  call = gliaCaller(env, tokens),
}: {
  env: NodeJS.ProcessEnv;
  tokens?: GliaTokens;
  call?: GliaCall;
}): AvailabilityProbe<GliaOptions> {
  return {
    async probe({ options }) {
      const path = options.queueStatusPath
        .replaceAll('{siteId}', encodeURIComponent(options.siteId))
        .replaceAll('{queueId}', encodeURIComponent(options.queueId));
      // The check's deadline (2 s) cuts the wait short; this bounds the request itself.
      const answer = await call(options, path, { timeoutMs: 5_000 }, 'Glia: queue status');
      const status = fieldOf(answer.json, options.queueStatusField);
      if (typeof status !== 'string') throw new Error(`Glia: queue status: the answer has no text at "${options.queueStatusField}"`);
      const known = STATUSES[status.toLowerCase()];
      if (known) return { ...known };
      if (status.toLowerCase() === 'unknown') throw new Error('Glia: queue status: Glia says the queue status is unknown');
      throw new Error(`Glia: queue status: "${status.slice(0, 50)}" is none of opened, closed, full, unstaffed, unknown`);
    },
  };
}

function fieldOf(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
