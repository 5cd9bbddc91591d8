/**
 * Whether a live agent can answer now, for a profile: its hours first, then its platform's own
 * probe where the platform has one (capability `availability`). The probe runs under a deadline and
 * its answer is kept for a few seconds per profile, so a busy bot asks the platform at most once
 * per `ttlMs` whatever its traffic; checks that arrive while a probe runs share it. A probe that
 * fails or is late leaves `source: "unknown"` and the hours alone: a check never rejects.
 */
import type { LoadedProfile } from '../config/load';
import type { Availability } from '../contracts/availability';
import type { AvailabilityProbe, PlatformAvailability } from '../platforms/connector';
import type { Platform, PlatformDeps } from '../platforms/define';
import { PLATFORMS } from '../platforms/index';
import { openingAt } from './hours';

export interface AvailabilityCheckOptions {
  deps: PlatformDeps;
  /** The platforms whose probes are asked. @default PLATFORMS (platforms/index.ts) */
  platforms?: readonly Platform[];
  /** How long a probe's answer (or failure) serves further checks of the same profile. @default 5000 */
  ttlMs?: number;
  /** How long a probe may take before the check calls the platform unknown and aborts it. @default 2000 */
  timeoutMs?: number;
}

export interface AvailabilityCheck {
  /** The profile's availability at `now` (epoch ms). Never rejects. */
  check(profile: LoadedProfile, now?: number): Promise<Availability>;
}

type ProbeOutcome = { ok: true; value: PlatformAvailability } | { ok: false; reason: string };

interface CacheEntry {
  /** Until when a settled outcome serves; undefined while the probe runs. */
  expiresAt?: number;
  outcome: Promise<ProbeOutcome>;
}

export function createAvailabilityCheck({ deps, platforms = PLATFORMS, ttlMs = 5_000, timeoutMs = 2_000 }: AvailabilityCheckOptions): AvailabilityCheck {
  const probes = new Map<string, AvailabilityProbe<unknown> | undefined>();
  const cache = new Map<string, CacheEntry>();

  function probeOf(platformId: string): AvailabilityProbe<unknown> | undefined {
    if (!probes.has(platformId)) probes.set(platformId, platforms.find((platform) => platform.id === platformId)?.availability?.(deps));
    return probes.get(platformId);
  }

  function askPlatform(probe: AvailabilityProbe<unknown>, profile: LoadedProfile, now: number): Promise<ProbeOutcome> {
    const cached = cache.get(profile.name);
    if (cached && (cached.expiresAt === undefined || now < cached.expiresAt)) return cached.outcome;
    const entry: CacheEntry = { outcome: withDeadline(probe, profile, now) };
    cache.set(profile.name, entry);
    void entry.outcome.then(() => {
      entry.expiresAt = now + ttlMs;
    });
    return entry.outcome;
  }

  async function withDeadline(probe: AvailabilityProbe<unknown>, profile: LoadedProfile, now: number): Promise<ProbeOutcome> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<ProbeOutcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error(`the platform did not answer within ${timeoutMs} ms`));
        resolve({ ok: false, reason: `the platform did not answer within ${timeoutMs} ms` });
      }, timeoutMs);
    });
    const answered = (async (): Promise<ProbeOutcome> => {
      try {
        const value = await probe.probe({ profileName: profile.name, options: profile.platformOptions, signal: controller.signal, now });
        return { ok: true, value };
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    })();
    const outcome = await Promise.race([answered, late]);
    clearTimeout(timer);
    if (!outcome.ok)
      deps.log('availability probe failed; the platform counts as unknown', { profile: profile.name, platform: profile.platform, reason: outcome.reason });
    return outcome;
  }

  return {
    async check(profile, now = Date.now()) {
      const checkedAt = new Date(now).toISOString();
      const hours = openingAt(profile.hours, now);
      const probe = probeOf(profile.platform);
      // Closed hours decide alone: the platform is not asked about a moment the profile is closed.
      if (!hours.open || probe === undefined) return { ...hours, source: 'hours', checkedAt };
      const outcome = await askPlatform(probe, profile, now);
      if (!outcome.ok) return { open: true, source: 'unknown', unknownBecause: outcome.reason, checkedAt };
      return { ...fromPlatform(outcome.value, profile, now), source: 'platform', checkedAt };
    },
  };
}

/** The platform's figures, keeping only what fits the contract (a whole count, a wait, a real time). */
function fromPlatform(answer: PlatformAvailability, profile: LoadedProfile, now: number): Omit<Availability, 'source' | 'checkedAt'> {
  const open = answer.open !== false;
  const counted = (value: number | undefined) => (Number.isInteger(value) && value! >= 0 ? value : undefined);
  const agentsAvailable = counted(answer.agentsAvailable);
  const contactsInQueue = counted(answer.contactsInQueue);
  const wait = answer.estimatedWaitSeconds;
  const estimatedWaitSeconds = typeof wait === 'number' && Number.isFinite(wait) && wait >= 0 ? wait : undefined;
  return {
    open,
    ...(agentsAvailable !== undefined && { agentsAvailable }),
    ...(contactsInQueue !== undefined && { contactsInQueue }),
    ...(estimatedWaitSeconds !== undefined && { estimatedWaitSeconds }),
    ...(!open && nextOpening(answer.nextOpenAt, profile, now)),
  };
}

/** When both the platform and the profile's hours are open again, from the platform's next opening. */
function nextOpening(platformNext: string | undefined, profile: LoadedProfile, now: number): { nextOpenAt?: string } {
  const at = platformNext === undefined ? NaN : Date.parse(platformNext);
  if (!Number.isFinite(at) || at <= now) return {};
  const hours = openingAt(profile.hours, at);
  if (hours.open) return { nextOpenAt: new Date(at).toISOString() };
  return hours.nextOpenAt === undefined ? {} : { nextOpenAt: hours.nextOpenAt };
}
