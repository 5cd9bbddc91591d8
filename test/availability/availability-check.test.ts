import { describe, expect, it, vi } from 'vitest';
import { createAvailabilityCheck } from '../../availability/availability-check';
import type { LoadedProfile } from '../../config/load';
import type { PlatformAvailability, ProbeContext } from '../../platforms/connector';
import { definePlatform, type PlatformDeps } from '../../platforms/define';
import { z } from 'zod';

const NOW = Date.parse('2026-06-01T10:00:00Z'); // a Monday

function fakePlatform(id: string, probe?: (context: ProbeContext<unknown>) => Promise<PlatformAvailability>) {
  return definePlatform({
    id,
    modes: ['url'],
    options: z.unknown(),
    connector: () => ({ url: { buildRedirectUrl: async () => 'https://example.test' } }),
    ...(probe && { availability: () => ({ probe }) }),
    docs: { configurationKeys: '', checkedAgainst: '' },
  });
}

function profile(name: string, platform: string, extra: Partial<LoadedProfile> = {}): LoadedProfile {
  return { name, platform, platformOptions: { queue: name }, ...extra } as unknown as LoadedProfile;
}

function deps(): PlatformDeps & { logged: unknown[] } {
  const logged: unknown[] = [];
  return {
    env: {},
    publicUrl: 'http://127.0.0.1',
    localDesk: { deskUrl: 'http://127.0.0.1', secret: 's' },
    log: (message, context) => logged.push({ message, context }),
    clock: () => NOW,
    logged,
  };
}

describe('availability check', () => {
  it('answers the hours alone for a platform without a probe', async () => {
    const check = createAvailabilityCheck({ deps: deps(), platforms: [fakePlatform('plain')] });
    expect(await check.check(profile('p', 'plain'), NOW)).toEqual({ open: true, source: 'hours', checkedAt: '2026-06-01T10:00:00.000Z' });
    const closed = profile('p', 'plain', { hours: { timezone: 'UTC', weekly: { mon: ['12:00-13:00'] }, holidays: [] } });
    expect(await check.check(closed, NOW)).toEqual({
      open: false,
      nextOpenAt: '2026-06-01T12:00:00.000Z',
      source: 'hours',
      checkedAt: '2026-06-01T10:00:00.000Z',
    });
  });

  it('adds the platform’s figures and passes the profile’s options, name and a signal to the probe', async () => {
    const probe = vi.fn(async () => ({ agentsAvailable: 2, contactsInQueue: 3, estimatedWaitSeconds: 40 }));
    const check = createAvailabilityCheck({ deps: deps(), platforms: [fakePlatform('probed', probe)] });
    expect(await check.check(profile('p', 'probed'), NOW)).toEqual({
      open: true,
      agentsAvailable: 2,
      contactsInQueue: 3,
      estimatedWaitSeconds: 40,
      source: 'platform',
      checkedAt: '2026-06-01T10:00:00.000Z',
    });
    expect(probe).toHaveBeenCalledWith(expect.objectContaining({ profileName: 'p', options: { queue: 'p' }, now: NOW, signal: expect.any(AbortSignal) }));
  });

  it('is closed when the platform says so, with the platform’s next opening', async () => {
    const check = createAvailabilityCheck({
      deps: deps(),
      platforms: [fakePlatform('probed', async () => ({ open: false, agentsAvailable: 0, nextOpenAt: '2026-06-01T12:00:00+01:00' }))],
    });
    expect(await check.check(profile('p', 'probed'), NOW)).toMatchObject({
      open: false,
      agentsAvailable: 0,
      nextOpenAt: '2026-06-01T11:00:00.000Z',
      source: 'platform',
    });
  });

  it('does not ask the platform while the profile’s hours are closed', async () => {
    const probe = vi.fn(async () => ({ agentsAvailable: 2 }));
    const check = createAvailabilityCheck({ deps: deps(), platforms: [fakePlatform('probed', probe)] });
    const night = profile('p', 'probed', { hours: { timezone: 'UTC', weekly: { mon: ['20:00-22:00'] }, holidays: [] } });
    expect(await check.check(night, NOW)).toMatchObject({ open: false, nextOpenAt: '2026-06-01T20:00:00.000Z', source: 'hours' });
    expect(probe).not.toHaveBeenCalled();
  });

  it('calls a platform whose probe throws unknown, with the reason, and keeps the hours', async () => {
    const d = deps();
    const check = createAvailabilityCheck({
      deps: d,
      platforms: [
        fakePlatform('broken', async () => {
          throw new Error('GetCurrentMetricData answered 500');
        }),
      ],
    });
    expect(await check.check(profile('p', 'broken'), NOW)).toEqual({
      open: true,
      source: 'unknown',
      unknownBecause: 'GetCurrentMetricData answered 500',
      checkedAt: '2026-06-01T10:00:00.000Z',
    });
    expect(d.logged).toHaveLength(1);
  });

  it('calls a platform that does not answer in time unknown and aborts its probe', async () => {
    let signal: AbortSignal | undefined;
    const check = createAvailabilityCheck({
      deps: deps(),
      timeoutMs: 50,
      platforms: [
        fakePlatform('hangs', (context) => {
          signal = context.signal;
          return new Promise(() => {});
        }),
      ],
    });
    const started = Date.now();
    expect(await check.check(profile('p', 'hangs'), NOW)).toEqual({
      open: true,
      source: 'unknown',
      unknownBecause: 'the platform did not answer within 50 ms',
      checkedAt: '2026-06-01T10:00:00.000Z',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(signal?.aborted).toBe(true);
  });

  it('keeps a probe’s answer for ttlMs per profile, then asks again', async () => {
    let agents = 0;
    const probe = vi.fn(async () => ({ agentsAvailable: ++agents }));
    const check = createAvailabilityCheck({ deps: deps(), ttlMs: 5_000, platforms: [fakePlatform('probed', probe)] });
    expect((await check.check(profile('a', 'probed'), NOW)).agentsAvailable).toBe(1);
    expect((await check.check(profile('a', 'probed'), NOW + 4_999)).agentsAvailable).toBe(1);
    expect(probe).toHaveBeenCalledTimes(1);
    expect((await check.check(profile('b', 'probed'), NOW + 1)).agentsAvailable).toBe(2);
    expect((await check.check(profile('a', 'probed'), NOW + 5_000)).agentsAvailable).toBe(3);
    expect(probe).toHaveBeenCalledTimes(3);
  });

  it('keeps a failure for ttlMs too, so a failing platform is not hammered', async () => {
    const probe = vi.fn(async () => {
      throw new Error('down');
    });
    const check = createAvailabilityCheck({ deps: deps(), platforms: [fakePlatform('broken', probe)] });
    await check.check(profile('a', 'broken'), NOW);
    expect((await check.check(profile('a', 'broken'), NOW + 100)).source).toBe('unknown');
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('shares one probe call among checks that arrive while it runs', async () => {
    let release: (value: PlatformAvailability) => void = () => {};
    const probe = vi.fn(() => new Promise<PlatformAvailability>((resolve) => (release = resolve)));
    const check = createAvailabilityCheck({ deps: deps(), platforms: [fakePlatform('slow', probe)] });
    const checks = [check.check(profile('a', 'slow'), NOW), check.check(profile('a', 'slow'), NOW + 10), check.check(profile('a', 'slow'), NOW + 20_000)];
    release({ agentsAvailable: 4 });
    const answers = await Promise.all(checks);
    expect(answers.map((answer) => answer.agentsAvailable)).toEqual([4, 4, 4]);
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('drops figures that do not fit the contract rather than failing', async () => {
    const check = createAvailabilityCheck({
      deps: deps(),
      platforms: [fakePlatform('odd', async () => ({ agentsAvailable: -1, contactsInQueue: 1.5, estimatedWaitSeconds: Number.NaN, nextOpenAt: 'soon' }))],
    });
    expect(await check.check(profile('p', 'odd'), NOW)).toEqual({ open: true, source: 'platform', checkedAt: '2026-06-01T10:00:00.000Z' });
  });
});
