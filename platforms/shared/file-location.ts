/**
 * Whether a file URL that a webhook names lies where its platform keeps files. Both URLs are parsed
 * as fetch parses them (WHATWG: `..`, `%2e%2e` and backslashes resolved, default ports dropped), so
 * what is checked is what is fetched: the same scheme, host and port, no user name or password,
 * and a path inside the folder's, segment by segment. A segment a server could still read as
 * something else refuses the URL: an encoded `/` or `\`, a `%` left after one decoding (a second
 * decoding would make it `..` or a separator), a control character, an empty segment.
 */

/** True when `fileUrl` names something inside `folderUrl` (a folder, or an origin for the whole host). */
export function isWithinFolder(fileUrl: string, folderUrl: string): boolean {
  let file: URL;
  let folder: URL;
  try {
    file = new URL(fileUrl);
    folder = new URL(folderUrl);
  } catch {
    return false;
  }
  if (file.protocol !== 'https:' && file.protocol !== 'http:') return false;
  if (file.origin !== folder.origin || file.username !== '' || file.password !== '') return false;
  const inside = segmentsOf(file.pathname);
  const base = segmentsOf(folder.pathname.replace(/\/$/, ''));
  if (!inside || !base || inside.length <= base.length) return false;
  return base.every((segment, index) => segment === inside[index]);
}

/** The decoded segments of a parsed path (`/a/b` → `a`, `b`), or undefined when one could be read as another path. */
function segmentsOf(pathname: string): string[] | undefined {
  if (pathname === '') return [];
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\%\p{Cc}]/u.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}
