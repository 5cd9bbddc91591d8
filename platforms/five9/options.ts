import { z } from 'zod';
import { BaseUrlSchema, MaxUrlLengthSchema } from '../shared/option-schemas';
import { templateSchema } from '../shared/template';

/** A field is a template, or `{ value, show }`; the short form is read as shown. */
const FieldSchema = z.preprocess(
  (field) => (typeof field === 'string' ? { value: field } : field),
  z.object({ value: templateSchema(), show: z.boolean().default(true) }).strict(),
);

export const Five9OptionsSchema = z
  .object({
    /** The chat console page. @default "https://app.five9.com/clients/consoles/ChatConsole/index.html" */
    consoleUrl: BaseUrlSchema.default('https://app.five9.com/clients/consoles/ChatConsole/index.html'),
    /** `tenant`: the Five9 tenant (domain) name. */
    tenant: z.string().min(1).max(200),
    /** `profiles`: the chat campaign profile(s), a name or a list. */
    profiles: z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1)]).transform((p) => (Array.isArray(p) ? p.join(',') : p)),
    /** `autostart=true`: start the chat without the pre-chat form. @default true */
    autostart: z.boolean().default(true),
    /**
     * The `fields` JSON: field name → template, or `{ value, show }`. Empty values are left out.
     * @default { name: "{userName}", email: "{userEmail}", Question: "{lastUtterance}" }
     */
    fields: z
      .record(z.string().min(1).max(64), FieldSchema)
      .default({ name: { value: '{userName}', show: true }, email: { value: '{userEmail}', show: true }, Question: { value: '{lastUtterance}', show: true } }),
    maxUrlLength: MaxUrlLengthSchema,
  })
  .strict();
export type Five9Options = z.infer<typeof Five9OptionsSchema>;
