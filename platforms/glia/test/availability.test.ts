/** Glia's availability probe (the queue's status) against the simulator, and the check over it when Glia fails or stalls. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAvailabilityCheck } from '../../../availability/availability-check';
import type { LoadedProfile } from '../../../config/load';
import type { PlatformDeps } from '../../define';
import { gliaAvailability } from '../availability';
import { glia as gliaPlatform } from '../index';
import { GliaOptionsSchema, type GliaOptions } from '../options';
import { GliaSimulator } from './simulator';

const KEYS = { apiKeyId: 'key-id-16', apiKeySecret: 'key-secret-16' };
const glia = new GliaSimulator({ ...KEYS, siteId: 'site-16', queueId: 'queue-16' });
const env = { GLIA_KEY_ID: KEYS.apiKeyId, GLIA_KEY_SECRET: KEYS.apiKeySecret, GLIA_WEBHOOK_SECRET: 'w' };
let options: GliaOptions;

beforeAll(async () => {
  const baseUrl = await glia.start();
  options = GliaOptionsSchema.parse({
    baseUrl,
    apiKeyId: '${GLIA_KEY_ID}',
    apiKeySecret: '${GLIA_KEY_SECRET}',
    siteId: 'site-16',
    queueId: 'queue-16',
    webhook: { secret: '${GLIA_WEBHOOK_SECRET}' },
  });
});
afterAll(async () => {
  await glia.stop();
});

const probe = gliaAvailability({ env });
const ask = (opts: GliaOptions = options) => probe.probe({ profileName: 'glia', options: opts, signal: new AbortController().signal, now: Date.now() });

describe('Glia availability probe', () => {
  it('maps each queue status Glia names', async () => {
    glia.queueStatus = 'opened';
    expect(await ask()).toEqual({ open: true });
    glia.queueStatus = 'closed';
    expect(await ask()).toEqual({ open: false });
    glia.queueStatus = 'full';
    expect(await ask()).toEqual({ open: true, agentsAvailable: 0 });
    glia.queueStatus = 'unstaffed';
    expect(await ask()).toEqual({ open: true, agentsAvailable: 0 });
    glia.queueStatus = 'unknown';
    await expect(ask()).rejects.toThrow('Glia: queue status: Glia says the queue status is unknown');
  });

  it('reads the configured path and field, and throws on an answer without a status', async () => {
    glia.queueStatus = 'opened';
    await expect(ask({ ...options, queueStatusField: 'queue.state' })).rejects.toThrow('Glia: queue status: the answer has no text at "queue.state"');
    await expect(ask({ ...options, queueStatusPath: '/sites/{siteId}/queues/other' })).rejects.toThrow(/404/);
  });

  it('is declared on the platform', () => {
    expect(gliaPlatform.capabilities.availability).toBe(true);
  });
});

describe('availability of a Glia profile', () => {
  const deps: PlatformDeps = { env, publicUrl: 'http://127.0.0.1', localDesk: { deskUrl: 'http://127.0.0.1', secret: 's' }, log: () => {}, clock: Date.now };
  const profile = (name: string) => ({ name, platform: 'glia', platformOptions: options }) as unknown as LoadedProfile;

  it('is closed when Glia says the queue is closed, with no agents when it is unstaffed', async () => {
    const check = createAvailabilityCheck({ deps, platforms: [gliaPlatform], ttlMs: 0 });
    glia.queueStatus = 'closed';
    expect(await check.check(profile('closed'))).toMatchObject({ open: false, source: 'platform' });
    glia.queueStatus = 'unstaffed';
    expect(await check.check(profile('closed'))).toMatchObject({ open: true, agentsAvailable: 0, source: 'platform' });
  });

  it('is unknown when Glia answers 500 or does not answer in time', async () => {
    glia.queueStatus = 'opened';
    const check = createAvailabilityCheck({ deps, platforms: [gliaPlatform], ttlMs: 0, timeoutMs: 300 });
    glia.queueStatusFailures.push(500);
    const failed = await check.check(profile('fails'));
    expect(failed).toMatchObject({ open: true, source: 'unknown' });
    expect(failed.unknownBecause).toMatch(/^Glia: queue status/);
    glia.queueStatusFailures.push('hang');
    expect(await check.check(profile('hangs'))).toMatchObject({ open: true, source: 'unknown', unknownBecause: 'the platform did not answer within 300 ms' });
  });

  it('asks Glia once for checks within the cache time', async () => {
    glia.queueStatus = 'opened';
    const check = createAvailabilityCheck({ deps, platforms: [gliaPlatform] });
    const before = glia.queueStatusRequests;
    await Promise.all([check.check(profile('busy')), check.check(profile('busy')), check.check(profile('busy'))]);
    await check.check(profile('busy'));
    expect(glia.queueStatusRequests - before).toBe(1);
  });
});
