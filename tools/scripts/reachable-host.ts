/** Where this machine reaches a server listening on `host`: loopback for every-interface addresses, `host` itself otherwise. */
export function reachableHost(host: string, loopback = '127.0.0.1'): string {
  if (host === '0.0.0.0' || host === '::' || host === '127.0.0.1') return loopback;
  return host.includes(':') ? `[${host}]` : host;
}
