/** Fills the `{placeholder}` templates of platform options from a handoff. */
import { parseTemplate, type Placeholder } from './template';
import { resolveSecret } from '../../lib/secret-ref';
import type { HandoffContext } from '../connector';

export type PlaceholderValues = Record<Placeholder, string>;

/**
 * The value of every placeholder for this handoff; `lastUtterance` may be passed already cut.
 * A name splits at its first space: "Ada King Lovelace" is first "Ada", last "King Lovelace".
 */
export function placeholderValues(context: HandoffContext<unknown>, lastUtterance = context.request.issue.lastUtterance): PlaceholderValues {
  const { user, issue, conversationId, channel } = context.request;
  const name = (user.name ?? '').trim();
  const space = name.indexOf(' ');
  return {
    lastUtterance,
    summary: issue.summary ?? '',
    category: issue.category ?? '',
    userId: user.id,
    userName: name,
    userFirstName: space < 0 ? name : name.slice(0, space),
    userLastName: space < 0 ? '' : name.slice(space + 1).trim(),
    userEmail: user.email ?? '',
    userDepartment: user.department ?? '',
    userLocale: user.locale ?? '',
    handoffId: context.handoffId,
    conversationId,
    channel: channel ?? '',
    ticketNumber: context.ticket?.number ?? '',
    ticketUrl: context.ticket?.url ?? '',
    idempotencyKey: context.chainId,
  };
}

export interface RenderOptions {
  /** Applied to each placeholder's value (not to literal text). @default no encoding */
  encode?: (value: string) => string;
  /** Where `${ENV}` references are resolved; without it a template may not hold any. */
  env?: NodeJS.ProcessEnv;
}

/** Fills a template validated at start-up. */
export function renderTemplate(template: string, values: PlaceholderValues, { encode = (v) => v, env }: RenderOptions = {}): string {
  const { parts, problems } = parseTemplate(template, { secrets: env !== undefined });
  if (problems.length > 0) throw new Error(`template "${template}" passed validation but does not parse: ${problems.join('; ')}`);
  return parts
    .map((part) => {
      if ('text' in part) return part.text;
      if ('placeholder' in part) return encode(values[part.placeholder]);
      return resolveSecret(`\${${part.secret}}`, env);
    })
    .join('');
}
