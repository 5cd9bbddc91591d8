/**
 * A route's queue as a platform names it: platforms whose queues are ids (Amazon Connect, Glia, 8x8)
 * take an optional `routeQueues` option mapping the route's queue names to their ids; a name not
 * in it is taken as the platform's id itself.
 */
import { z } from 'zod';
import type { RouteChoice } from '../../contracts/route-choice';

/** `platformOptions.routeQueues`: a profile's route queue names to the platform's queue ids. @default {} */
export const RouteQueuesSchema = z.record(z.string().min(1).max(200), z.string().min(1).max(500)).default({});

/** The platform's id of the route's queue, or undefined when the route names none (the profile's own queue applies). */
export function routedQueueId(route: RouteChoice | undefined, routeQueues: Readonly<Record<string, string>>): string | undefined {
  if (route?.queue === undefined) return undefined;
  return routeQueues[route.queue] ?? route.queue;
}
