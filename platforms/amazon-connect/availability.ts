/**
 * Amazon Connect's answer to "is anyone there?" before a live agent is offered: the queue's
 * current chat figures (`GetCurrentMetricData`: AGENTS_AVAILABLE, AGENTS_ONLINE, CONTACTS_IN_QUEUE,
 * OLDEST_CONTACT_AGE) and, with `hoursOfOperationId`, whether the queue's hours of operation are
 * open now and when they next open (`GetEffectiveHoursOfOperations`, overrides applied, in the
 * time zone that its answer names). Both calls run at once under the check's deadline; either
 * failing makes the probe throw, and the check calls the platform unknown.
 */
import {
  GetCurrentMetricDataCommand,
  GetEffectiveHoursOfOperationsCommand,
  type GetCurrentMetricDataCommandOutput,
  type GetEffectiveHoursOfOperationsCommandOutput,
} from '@aws-sdk/client-connect';
import { openingOnDates } from '../../availability/hours';
import type { AvailabilityProbe, PlatformAvailability, ProbeContext } from '../connector';
import { AmazonConnectClientPool, awsStatusOf } from './clients';
import type { AmazonConnectOptions } from './options';
import { isTimeZone } from '../../lib/time-zone';

const DAY_MS = 86_400_000;
/** How far ahead the hours are asked for: a week, plus the days a zone far from UTC may still be in. */
const DAYS_BEFORE = 2;
const DAYS_AFTER = 8;

const METRICS = ['AGENTS_AVAILABLE', 'AGENTS_ONLINE', 'CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE'] as const;
type Metric = (typeof METRICS)[number];

export function amazonConnectAvailability(pool = new AmazonConnectClientPool()): AvailabilityProbe<AmazonConnectOptions> {
  return {
    async probe(context) {
      const { options } = context;
      if (options.queueId === undefined && options.hoursOfOperationId === undefined) {
        throw new Error('Amazon Connect: set platformOptions.queueId (and hoursOfOperationId) for the availability probe');
      }
      const [figures, hours] = await Promise.all([queueFigures(pool, context), hoursOpening(pool, context)]);
      return { ...figures, ...hours };
    },
  };
}

async function queueFigures(pool: AmazonConnectClientPool, { options, signal }: ProbeContext<AmazonConnectOptions>): Promise<PlatformAvailability> {
  if (options.queueId === undefined) return {};
  const answer = await asked('GetCurrentMetricData', () =>
    pool.for(options).connect.send(
      new GetCurrentMetricDataCommand({
        InstanceId: options.instanceId,
        Filters: { Queues: [options.queueId!], Channels: ['CHAT'] },
        // Grouped by queue, OLDEST_CONTACT_AGE comes in seconds (ungrouped it is milliseconds, whatever its Unit says).
        Groupings: ['QUEUE'],
        CurrentMetrics: METRICS.map((Name) => ({ Name, Unit: Name === 'OLDEST_CONTACT_AGE' ? 'SECONDS' : 'COUNT' })),
      }),
      { abortSignal: signal },
    ),
  );
  const value = metricValues(answer);
  const agentsAvailable = value('AGENTS_AVAILABLE');
  const contactsInQueue = value('CONTACTS_IN_QUEUE');
  const oldest = value('OLDEST_CONTACT_AGE');
  return {
    agentsAvailable: Math.max(0, Math.round(agentsAvailable)),
    contactsInQueue: Math.max(0, Math.round(contactsInQueue)),
    // The oldest waiting chat's age is the nearest figure Connect keeps per queue to a newcomer's wait.
    ...(contactsInQueue > 0 && oldest > 0 && { estimatedWaitSeconds: oldest }),
  };
}

/**
 * The metric's value in the answer; a metric (or the whole queue) that Connect leaves out counts as
 * zero, as Connect only returns figures a queue has.
 */
function metricValues(answer: GetCurrentMetricDataCommandOutput): (name: Metric) => number {
  const values = new Map<string, number>();
  for (const result of answer.MetricResults ?? []) {
    for (const collection of result.Collections ?? []) {
      const name = collection.Metric?.Name;
      if (name && typeof collection.Value === 'number' && Number.isFinite(collection.Value)) values.set(name, (values.get(name) ?? 0) + collection.Value);
    }
  }
  return (name) => values.get(name) ?? 0;
}

async function hoursOpening(pool: AmazonConnectClientPool, { options, signal, now }: ProbeContext<AmazonConnectOptions>): Promise<PlatformAvailability> {
  if (options.hoursOfOperationId === undefined) return {};
  const answer = await asked('GetEffectiveHoursOfOperations', () =>
    pool.for(options).connect.send(
      new GetEffectiveHoursOfOperationsCommand({
        InstanceId: options.instanceId,
        HoursOfOperationId: options.hoursOfOperationId!,
        FromDate: utcDate(now - DAYS_BEFORE * DAY_MS),
        ToDate: utcDate(now + DAYS_AFTER * DAY_MS),
      }),
      { abortSignal: signal },
    ),
  );
  const { timezone, ranges } = effectiveRanges(answer);
  const opening = openingOnDates(timezone, ranges, now);
  return { open: opening.open, ...(opening.nextOpenAt && { nextOpenAt: opening.nextOpenAt }) };
}

/**
 * The effective hours as [from, to) minutes per local date. A slice that ends at or before it
 * starts runs past midnight (Connect's "00:00 to 00:00" is the whole day): it goes on the next
 * date until its end.
 */
export function effectiveRanges(answer: GetEffectiveHoursOfOperationsCommandOutput): {
  timezone: string;
  ranges: Map<string, [number, number][]>;
} {
  const timezone = answer.TimeZone;
  if (!timezone || !isTimeZone(timezone))
    throw new Error(`Amazon Connect GetEffectiveHoursOfOperations: the answer's TimeZone "${timezone ?? ''}" is not an IANA zone`);
  const ranges = new Map<string, [number, number][]>();
  const add = (date: string, from: number, to: number) => ranges.set(date, [...(ranges.get(date) ?? []), [from, to]]);
  for (const day of answer.EffectiveHoursOfOperationList ?? []) {
    if (!day.Date || !/^\d{4}-\d{2}-\d{2}$/.test(day.Date)) continue;
    if (!ranges.has(day.Date)) ranges.set(day.Date, []);
    for (const slice of day.OperationalHours ?? []) {
      const from = minutesOf(slice.Start);
      const to = minutesOf(slice.End);
      if (from === undefined || to === undefined) continue;
      if (to > from) add(day.Date, from, to);
      else {
        add(day.Date, from, 1_440);
        if (to > 0) add(nextDate(day.Date), 0, to);
      }
    }
  }
  return { timezone, ranges };
}

function minutesOf(slice: { Hours?: number; Minutes?: number } | undefined): number | undefined {
  const hours = slice?.Hours;
  const minutes = slice?.Minutes;
  if (!Number.isInteger(hours) || !Number.isInteger(minutes) || hours! < 0 || hours! > 24 || minutes! < 0 || minutes! > 59) return undefined;
  return Math.min(hours! * 60 + minutes!, 1_440);
}

function nextDate(date: string): string {
  return utcDate(Date.parse(`${date}T00:00:00Z`) + DAY_MS);
}

function utcDate(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** Runs one call; a failure becomes an Error naming the call and Connect's answer. */
async function asked<T>(what: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const { name = 'Error', message = String(error) } = (error ?? {}) as { name?: string; message?: string };
    const status = awsStatusOf(error);
    throw new Error(`Amazon Connect ${what}: ${name}${status ? ` (HTTP ${status})` : ''}: ${message}`, { cause: error });
  }
}
