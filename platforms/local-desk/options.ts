import { z } from 'zod';

export const LocalDeskOptionsSchema = z
  .object({
    /** Queue name shown to the user and the agent. @default "General" */
    queue: z.string().min(1).max(100).default('General'),
  })
  .strict();
export type LocalDeskOptions = z.infer<typeof LocalDeskOptionsSchema>;
