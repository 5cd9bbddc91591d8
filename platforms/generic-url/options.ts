import { z } from 'zod';
import { MaxUrlLengthSchema, urlTemplateSchema } from '../shared/option-schemas';

/** `generic-url`, and the platforms served by it (`compucom`, `intrasee`): one URL template. */
export const GenericUrlOptionsSchema = z
  .object({
    /** e.g. `https://chat.example.com/start?q={lastUtterance}&email={userEmail}`; values are URL-encoded. */
    urlTemplate: urlTemplateSchema(),
    maxUrlLength: MaxUrlLengthSchema,
  })
  .strict();
export type GenericUrlOptions = z.infer<typeof GenericUrlOptionsSchema>;
