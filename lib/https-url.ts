import { z } from 'zod';

/** An https URL; plain http only for localhost, where a local simulator or desk listens. */
export const httpsUrl = z.url().refine((u) => u.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(u), {
  message: 'must be https (http only for localhost)',
});
