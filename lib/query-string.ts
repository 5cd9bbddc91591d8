/**
 * Appends `key=value` pairs to a URL's query, each side encoded with encodeURIComponent (a space is
 * `%20`, never `+`, which chat pages that decode with decodeURIComponent would show literally).
 * Pairs with an undefined or empty value are left out.
 */
export function withQuery(base: string, pairs: ReadonlyArray<readonly [string, string | undefined]>): string {
  const url = new URL(base);
  const added = pairs
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined && pair[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  if (added.length === 0) return url.href;
  const existing = url.search.slice(1);
  url.search = existing ? `${existing}&${added.join('&')}` : added.join('&');
  return url.href;
}
