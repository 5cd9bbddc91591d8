import { z } from 'zod';

/**
 * The route a handoff took (a profile's `routes`): the first whose rule held, or `index: null` when
 * none did and the profile's own queue applies. Each platform maps `queue`, `skills` and `priority`
 * to its own routing (docs/configuration.md, "Routing by skill and language").
 */
export const RouteChoiceSchema = z.object({
  index: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe("the route's place in the profile's `routes` (0 first), or null: none held, the profile's own queue"),
  when: z.string().optional().describe("the route's rule"),
  queue: z.string().optional(),
  skills: z.array(z.string()).optional(),
  priority: z.number().int().optional(),
});
export type RouteChoice = z.infer<typeof RouteChoiceSchema>;
