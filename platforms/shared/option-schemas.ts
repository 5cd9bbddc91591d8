import { z } from 'zod';
import { httpsUrl } from '../../lib/https-url';
import { parseTemplate, type TemplateRules } from './template';

/** A platform's base URL: https (http only for localhost), kept without a trailing slash. */
export const BaseUrlSchema = httpsUrl.transform((url) => url.replace(/\/+$/, ''));

/**
 * The longest URL a user is sent to; the last utterance is cut to fit. Browsers, proxies and chat
 * clients start to drop longer URLs around 2,000 characters. @default 2000
 */
export const MaxUrlLengthSchema = z.number().int().min(256).max(65_536).default(2_000);

/**
 * A URL with `{placeholders}` in its path, query or fragment. Placeholders may not reach the scheme
 * or host, so no handoff value can send the user (or a request) to another site.
 */
export function urlTemplateSchema(rules: TemplateRules = {}) {
  return z
    .string()
    .max(4_000)
    .superRefine((source, ctx) => {
      const { parts, problems } = parseTemplate(source, rules);
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      if (problems.length > 0) return;
      const sample = (fill: string) => parts.map((part) => ('text' in part ? part.text : fill)).join('');
      let first: URL;
      let second: URL;
      try {
        first = new URL(sample('a'));
        second = new URL(sample('b'));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not an absolute URL' });
        return;
      }
      if (!httpsUrl.safeParse(first.href).success) ctx.addIssue({ code: 'custom', message: 'must be https (http only for localhost)' });
      else if (first.origin !== second.origin) ctx.addIssue({ code: 'custom', message: 'placeholders may not be in the scheme or host' });
    });
}

/** An HTTP header name (RFC 9110 token characters), kept in lower case. */
export const HeaderNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be an HTTP header name')
  .transform((name) => name.toLowerCase());
