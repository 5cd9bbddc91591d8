/**
 * Builds `base?k=v&...` with every value URL-encoded. The value named `shrink` (the user's last
 * utterance) is cut on a character boundary until the URL fits in `maxLength`.
 */
export function buildUrlWithin(
  base: string,
  params: Array<[string, string | undefined]>,
  shrink: string,
  maxLength = 2_000,
): string {
  const present = params.filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '');
  const compose = (values: Array<[string, string]>) => {
    const url = new URL(base);
    for (const [key, value] of values) url.searchParams.append(key, value);
    return url.toString();
  };
  let url = compose(present);
  if (url.length <= maxLength) return url;
  const index = present.findIndex(([key]) => key === shrink);
  if (index < 0) return url;
  const chars = Array.from(present[index]![1]);
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const candidate = present.map((p, i): [string, string] => (i === index ? [p[0], chars.slice(0, mid).join('')] : p));
    if (compose(candidate).length <= maxLength) low = mid;
    else high = mid - 1;
  }
  url = compose(present.map((p, i): [string, string] => (i === index ? [p[0], chars.slice(0, low).join('')] : p)));
  return url;
}
