/** Whether a platform's answer holds an absolute http(s) URL we may send a user to. */
export function isWebUrl(text: string): boolean {
  try {
    return ['https:', 'http:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}
