const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The origin of `url`, and when its host is this machine's loopback, the same scheme and port
 * under the other loopback names: a page opened at 127.0.0.1 is the same page as at localhost.
 */
export function originsOf(url: string): string[] {
  const parsed = new URL(url);
  if (!LOOPBACK_NAMES.includes(parsed.hostname)) return [parsed.origin];
  const port = parsed.port ? `:${parsed.port}` : '';
  return [...new Set([parsed.origin, ...LOOPBACK_NAMES.map((name) => `${parsed.protocol}//${name}${port}`)])];
}
