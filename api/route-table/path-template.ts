/**
 * A route's path is written once, as OpenAPI writes it (`/v1/handoffs/{id}`); Express's form
 * (`/v1/handoffs/:id`) is derived from it. In Express 5 braces mark an optional part, so the
 * OpenAPI form could not be handed to Express as it is.
 */

const PLACEHOLDER = /\{(\w+)\}/g;

/** The names of a path's `{placeholders}`, in order. */
export function placeholdersOf(path: string): string[] {
  return [...path.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** The path as Express matches it: `{id}` becomes `:id`. */
export function expressPathOf(path: string): string {
  return path.replace(PLACEHOLDER, ':$1');
}

/** Whether `path` is `area` or lies beneath it. */
export function isWithin(path: string, area: string): boolean {
  return path === area || path.startsWith(`${area}/`);
}
