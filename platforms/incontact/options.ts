import { z } from 'zod';
import { BaseUrlSchema, MaxUrlLengthSchema } from '../shared/option-schemas';
import { templateSchema } from '../shared/template';

export const InContactOptionsSchema = z
  .object({
    /** The cluster's chat client, e.g. `https://home-c32.incontact.com/inContact/ChatClient/ChatClient.aspx`. */
    chatClientUrl: BaseUrlSchema,
    /** `poc`: the chat point of contact id. */
    pointOfContact: z.string().min(1).max(100),
    /** `bu`: the business unit number. */
    businessUnit: z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'must be a number')]).transform(String),
    /**
     * `P1`..`P4`: templates of the values the chat script receives.
     * @default { P1: "{userFirstName}", P2: "{userLastName}", P3: "{userEmail}", P4: "{lastUtterance}" }
     */
    parameters: z
      .partialRecord(z.enum(['P1', 'P2', 'P3', 'P4']), templateSchema())
      .default({ P1: '{userFirstName}', P2: '{userLastName}', P3: '{userEmail}', P4: '{lastUtterance}' }),
    maxUrlLength: MaxUrlLengthSchema,
  })
  .strict();
export type InContactOptions = z.infer<typeof InContactOptionsSchema>;
