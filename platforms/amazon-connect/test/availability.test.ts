/**
 * Amazon Connect's availability probe (GetCurrentMetricData, GetEffectiveHoursOfOperations) and the
 * connector's queue status (GetContactMetrics), against the simulator speaking the documented calls
 * with SigV4; and the availability check over the probe when Connect fails or stalls.
 */
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAvailabilityCheck } from '../../../availability/availability-check';
import type { LoadedProfile } from '../../../config/load';
import type { AttachmentAccess, HandoffContext, SessionContext } from '../../connector';
import type { PlatformDeps } from '../../define';
import { amazonConnectAvailability } from '../availability';
import { amazonConnectConnector } from '../connector';
import { amazonConnect } from '../index';
import { AmazonConnectOptionsSchema, type AmazonConnectOptions } from '../options';
import { AmazonConnectSimulator } from './simulator';

const INSTANCE = 'a1b2c3d4-0000-4000-8000-000000000016';
const ACCESS_KEY = 'AKIASIMULATOR0000016';
const connect = new AmazonConnectSimulator({ instanceId: INSTANCE, accessKeyId: ACCESS_KEY, region: 'eu-west-2' });
const savedEnv = { ...process.env };
let url = '';

beforeAll(async () => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: 'simulator-secret-key', AWS_EC2_METADATA_DISABLED: 'true' });
  url = await connect.start();
  connect.setHoursOfOperation('hours-office', {
    timeZone: 'Europe/London',
    weekly: { MONDAY: [{ start: '09:00', end: '17:00' }], TUESDAY: [{ start: '09:00', end: '17:00' }], FRIDAY: [{ start: '22:00', end: '02:00' }] },
    overrides: { '2026-06-02': [] },
  });
});
afterAll(async () => {
  await connect.stop();
  process.env = savedEnv;
});

function optionsWith(extra: Partial<AmazonConnectOptions>): AmazonConnectOptions {
  return AmazonConnectOptionsSchema.parse({
    region: 'eu-west-2',
    instanceId: INSTANCE,
    contactFlowId: 'flow-chat-inbound',
    streamingTopicArn: 'arn:aws:sns:eu-west-2:123456789012:handoff-availability',
    endpoints: { connect: url, participant: url },
    ...extra,
  });
}

const probe = amazonConnectAvailability();
const ask = (options: AmazonConnectOptions, now = Date.parse('2026-06-01T10:00:00Z')) =>
  probe.probe({ profileName: 'connect', options, signal: new AbortController().signal, now });

describe('Amazon Connect availability probe', () => {
  it('counts the queue’s available agents and waiting chats through GetCurrentMetricData', async () => {
    connect.setQueue('queue-two', { agentsAvailable: 2, agentsOnline: 3, contactsInQueue: 0, oldestContactAgeSeconds: 0 });
    expect(await ask(optionsWith({ queueId: 'queue-two' }))).toEqual({ agentsAvailable: 2, contactsInQueue: 0 });
    expect(connect.calls.at(-1)).toMatchObject({ operation: 'GetCurrentMetricData', status: 200 });
  });

  it('says no agent is available when the queue has none, with the oldest waiting chat’s age in seconds', async () => {
    connect.setQueue('queue-none', { agentsAvailable: 0, agentsOnline: 1, contactsInQueue: 4, oldestContactAgeSeconds: 95 });
    expect(await ask(optionsWith({ queueId: 'queue-none' }))).toEqual({ agentsAvailable: 0, contactsInQueue: 4, estimatedWaitSeconds: 95 });
  });

  it('counts a queue Connect returns no figures for as empty', async () => {
    expect(await ask(optionsWith({ queueId: 'queue-never-set' }))).toEqual({ agentsAvailable: 0, contactsInQueue: 0 });
  });

  it('reads the effective hours in the instance’s time zone: open, closed with the next opening, an override, past midnight', async () => {
    const options = optionsWith({ hoursOfOperationId: 'hours-office' });
    // Monday 1 June 2026, 10:00 UTC = 11:00 in London (BST).
    expect(await ask(options, Date.parse('2026-06-01T10:00:00Z'))).toEqual({ open: true });
    // After 17:00 London: Tuesday is closed by an override, so Friday 22:00 London (21:00 UTC) comes next.
    expect(await ask(options, Date.parse('2026-06-01T16:30:00Z'))).toEqual({ open: false, nextOpenAt: '2026-06-05T21:00:00.000Z' });
    // Saturday 01:00 London is inside Friday's 22:00-02:00.
    expect(await ask(options, Date.parse('2026-06-06T00:00:00Z'))).toEqual({ open: true });
    expect(connect.calls.filter((c) => c.operation === 'GetEffectiveHoursOfOperations').every((c) => c.status === 200)).toBe(true);
  });

  it('asks both when both are set', async () => {
    connect.setQueue('queue-both', { agentsAvailable: 1 });
    expect(await ask(optionsWith({ queueId: 'queue-both', hoursOfOperationId: 'hours-office' }), Date.parse('2026-06-01T16:30:00Z'))).toEqual({
      open: false,
      nextOpenAt: '2026-06-05T21:00:00.000Z',
      agentsAvailable: 1,
      contactsInQueue: 0,
    });
  });

  it('throws, naming the call, when Connect refuses or neither id is set', async () => {
    connect.failNext('GetCurrentMetricData', 1, 500);
    await expect(ask(optionsWith({ queueId: 'queue-two' }))).rejects.toThrow(/^Amazon Connect GetCurrentMetricData: InternalServiceException \(HTTP 500\)/);
    await expect(ask(optionsWith({ hoursOfOperationId: 'hours-missing' }))).rejects.toThrow(
      'Amazon Connect GetEffectiveHoursOfOperations: ResourceNotFoundException (HTTP 404): Hours of operation not found',
    );
    await expect(ask(optionsWith({}))).rejects.toThrow('set platformOptions.queueId');
  });

  it('is declared on the platform, with queue status and transfers', () => {
    expect(amazonConnect.capabilities).toMatchObject({ availability: true, queueStatus: true, transfers: true });
  });
});

describe('availability of an Amazon Connect profile', () => {
  const deps: PlatformDeps = {
    env: {},
    publicUrl: 'http://127.0.0.1',
    localDesk: { deskUrl: 'http://127.0.0.1', secret: 's' },
    log: () => {},
    clock: Date.now,
  };
  const profile = (name: string, options: AmazonConnectOptions) => ({ name, platform: 'amazon-connect', platformOptions: options }) as unknown as LoadedProfile;

  it('is the platform’s figures when Connect answers', async () => {
    connect.setQueue('queue-check', { agentsAvailable: 2 });
    const check = createAvailabilityCheck({ deps, platforms: [amazonConnect] });
    expect(await check.check(profile('ok', optionsWith({ queueId: 'queue-check' })))).toMatchObject({ open: true, agentsAvailable: 2, source: 'platform' });
  });

  it('is unknown, open by the profile’s hours alone, when Connect answers 500', async () => {
    connect.failNext('GetCurrentMetricData', 1, 500);
    const check = createAvailabilityCheck({ deps, platforms: [amazonConnect] });
    const answer = await check.check(profile('fails', optionsWith({ queueId: 'queue-check' })));
    expect(answer).toMatchObject({ open: true, source: 'unknown' });
    expect(answer.unknownBecause).toMatch(/GetCurrentMetricData: InternalServiceException \(HTTP 500\)/);
  });

  it('is unknown when Connect does not answer within the deadline, and the call is abandoned', async () => {
    connect.hangNext('GetCurrentMetricData', 1);
    const check = createAvailabilityCheck({ deps, platforms: [amazonConnect], timeoutMs: 200 });
    const started = Date.now();
    expect(await check.check(profile('hangs', optionsWith({ queueId: 'queue-check' })))).toMatchObject({
      open: true,
      source: 'unknown',
      unknownBecause: 'the platform did not answer within 200 ms',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('Amazon Connect queue status', () => {
  const timeouts = { agentAccept: 600_000, inactivity: 600_000, maxDuration: 7_200_000 };
  const connector = amazonConnectConnector().broker;

  async function openChat() {
    const options = optionsWith({ queueId: 'queue-two' });
    const handoff: HandoffContext<AmazonConnectOptions> = {
      handoffId: 'handoff-queue',
      chainId: `chain-queue-${Date.now()}`,
      profileName: 'connect',
      options,
      timeouts,
      request: {
        conversationId: 'conversation-1',
        profile: 'connect',
        user: { id: 'user-1', name: 'Ada Lovelace' },
        issue: { lastUtterance: 'My VPN keeps dropping' },
        transcript: [],
        resultsPresented: [],
      } as unknown as HandoffContext<AmazonConnectOptions>['request'],
    };
    const { session } = await connector.openSession(handoff);
    const context: SessionContext<AmazonConnectOptions> = {
      handoffId: handoff.handoffId,
      profileName: 'connect',
      session,
      options,
      timeouts,
      attachments: {} as AttachmentAccess,
    };
    return context;
  }

  it('answers the place and estimated wait while the contact is queued, and nothing once it is not', async () => {
    const context = await openChat();
    connect.queueContact(context.session.key, { position: 3, estimatedWaitSeconds: 120 });
    expect(await connector.queueStatus!(context)).toEqual({ position: 3, estimatedWaitSeconds: 120 });
    expect(connect.calls.at(-1)).toMatchObject({ operation: 'GetContactMetrics', status: 200 });
    connect.dequeueContact(context.session.key);
    expect(await connector.queueStatus!(context)).toBeUndefined();
  });

  it('throws a plain Error (retried) when Connect fails, and PlatformRejected when the permission is missing', async () => {
    const context = await openChat();
    connect.queueContact(context.session.key, { position: 1, estimatedWaitSeconds: 10 });
    connect.failNext('GetContactMetrics', 1, 503);
    const transient = await connector.queueStatus!(context).catch((error: unknown) => error);
    expect(transient).toBeInstanceOf(Error);
    expect(transient).not.toBeInstanceOf(ApplicationFailure);
    expect((transient as Error).message).toMatch(/^Amazon Connect GetContactMetrics: InternalServiceException \(HTTP 503\)/);
    connect.failNext('GetContactMetrics', 1, 403, 'AccessDeniedException');
    const refused = await connector.queueStatus!(context).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect((refused as ApplicationFailure).type).toBe('PlatformRejected');
  });
});
