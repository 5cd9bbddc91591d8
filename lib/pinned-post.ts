/**
 * A POST to a URL over a connection to one given address, whatever DNS says by then: the caller
 * checked that address (lib/callback-url-policy.ts), and a second lookup by the HTTP stack could
 * answer another one. TLS still verifies the certificate for the URL's host name. Redirects are
 * not followed: a 3xx is just the answer.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CallbackDestination } from './callback-url-policy';

export interface PinnedPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** POSTs `body` to `destination.url` at `destination.address`; resolves to the answer's status once its body is read. */
export function postPinned({ url, address, family }: CallbackDestination, { headers, body, timeoutMs }: PinnedPost): Promise<number> {
  // Node asks for every address when it may try several (autoSelectFamily): it gets only this one.
  const pinned = ((_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        response.on('error', reject);
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.resume();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
