import { z } from 'zod';

/**
 * One of a profile's `routes`: when its rule (the DSL, reading `user`, `issue`, `conversation` and
 * `availability`) holds, the chat goes to `queue`, asking for `skills`, at `priority`; the first
 * that holds wins. Rules are compiled with the profile's trigger rule (config/load.ts).
 */
export const RouteSchema = z
  .object({
    when: z.string().min(1).max(10_000),
    queue: z.string().min(1).max(200).optional(),
    skills: z.array(z.string().min(1).max(100)).min(1).max(20).optional(),
    /** 1 is the most urgent, as Amazon Connect's routing priority and ServiceNow's AWA priority read it. */
    priority: z.number().int().min(1).max(10).optional(),
  })
  .strict()
  .refine((route) => route.queue !== undefined || route.skills !== undefined || route.priority !== undefined, 'names a queue, skills or a priority');
export type Route = z.infer<typeof RouteSchema>;

export const RoutesSchema = z.array(RouteSchema).max(50);
