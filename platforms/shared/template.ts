/**
 * The template language of platform options: literal text with `{placeholder}` slots filled from
 * the handoff, and (only where a field allows it) `${ENV_NAME}` secret references resolved at call
 * time. Braces are reserved: a `{` or `}` that is not part of a known placeholder is an error, so
 * a typo is caught at start-up instead of reaching a user as literal text.
 */
import { z } from 'zod';

export const PLACEHOLDERS = [
  'lastUtterance',
  'summary',
  'category',
  'userId',
  'userName',
  'userFirstName',
  'userLastName',
  'userEmail',
  'userDepartment',
  'userLocale',
  'handoffId',
  'conversationId',
  'channel',
  'ticketNumber',
  'ticketUrl',
  'idempotencyKey',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export type TemplatePart = { text: string } | { placeholder: Placeholder } | { secret: string };

export interface TemplateRules {
  /** Placeholders this field may use. @default every placeholder */
  placeholders?: readonly Placeholder[];
  /** Whether `${ENV_NAME}` secret references may appear (headers only). @default false */
  secrets?: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Splits a template into parts, or lists why it is not one. */
export function parseTemplate(source: string, rules: TemplateRules = {}): { parts: TemplatePart[]; problems: string[] } {
  const allowed: readonly string[] = rules.placeholders ?? PLACEHOLDERS;
  const parts: TemplatePart[] = [];
  const problems: string[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const isSecret = source.startsWith('${', i);
    const open = isSecret ? i + 1 : i;
    if (source[open] === '{') {
      const close = source.indexOf('}', open);
      const name = close < 0 ? '' : source.slice(open + 1, close);
      if (close < 0 || !IDENTIFIER.test(name)) {
        problems.push(`"${source.slice(i, close < 0 ? undefined : close + 1)}" is not a placeholder; braces are reserved for {placeholders}`);
        break;
      }
      if (text) parts.push({ text });
      text = '';
      if (isSecret) {
        if (rules.secrets) parts.push({ secret: name });
        else problems.push(`"\${${name}}": secret references are allowed only in request headers`);
      } else if (allowed.includes(name)) {
        parts.push({ placeholder: name as Placeholder });
      } else {
        problems.push(`unknown placeholder {${name}}; this field takes ${allowed.map((p) => `{${p}}`).join(', ')}`);
      }
      i = close + 1;
    } else if (source[i] === '}') {
      problems.push(`unmatched "}" at character ${i + 1}; braces are reserved for {placeholders}`);
      i++;
    } else {
      text += source[i];
      i++;
    }
  }
  if (text) parts.push({ text });
  return { parts, problems };
}

/** A string option holding a template; every problem becomes a zod issue at the option's path. */
export function templateSchema(rules: TemplateRules = {}) {
  return z
    .string()
    .max(4_000)
    .superRefine((source, ctx) => {
      for (const message of parseTemplate(source, rules).problems) ctx.addIssue({ code: 'custom', message });
    });
}
