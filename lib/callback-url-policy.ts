/**
 * Where Handoff may POST a bot's events: `callbackUrl` is https, and names no internal address
 * (lib/internal-address.ts), unless its host is on the operator's allow-list
 * (`HANDOFF_CALLBACK_HOSTS`, `host` or `host:port`), which may then be plain http and internal.
 * The API checks what the URL says (`refusalOf`); the worker checks again where the name resolves
 * to (`destinationOf`) and connects to the very address it checked, so a DNS answer that changes
 * between the check and the connection (rebinding) cannot send it elsewhere.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ApiError } from './api-errors';
import { internalAddressKind, internalHostKind } from './internal-address';

/** One address a name resolves to, as `dns.lookup` gives it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address of a host name; the system resolver (`dns.lookup`, as connections use) by default. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export type CallbackRefusalCode = 'callback_url_not_https' | 'callback_url_internal';

/**
 * Thrown when a `callbackUrl` is refused by the policy: not https (`callback_url_not_https`) or
 * an internal address, named or resolved (`callback_url_internal`). The API answers it 400; the
 * worker turns it into a non-retryable failure.
 */
export class CallbackUrlRefusedError extends ApiError {
  override readonly name = 'CallbackUrlRefusedError';
  constructor(code: CallbackRefusalCode, message: string) {
    super(400, code, message, [{ path: 'callbackUrl', message }]);
  }
}

/** Where to connect for a callback: the URL, and the checked address its host resolved to. */
export interface CallbackDestination {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** An allow-list entry: a host, and the one port it is allowed on (any port when undefined). */
interface AllowedHost {
  hostname: string;
  port?: string;
}

/**
 * Reads `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address into the form a parsed
 * URL has (lower case, IPv4 normalized, IPv6 in brackets); undefined when it is none of them.
 */
export function parseAllowedHost(entry: string): AllowedHost | undefined {
  const text = entry.trim();
  const bareV6 = isIP(text) === 6;
  const match = bareV6 ? undefined : /^(\[[^\]]+\]|[^:[\]/?#@\\\s]+)(?::(\d{1,5}))?$/.exec(text);
  if (!bareV6 && !match) return undefined;
  const host = bareV6 ? `[${text}]` : match![1]!;
  const port = match?.[2];
  if (port !== undefined && Number(port) > 65_535) return undefined;
  try {
    const url = new URL(`http://${host}/`);
    if (url.hostname === '') return undefined;
    return { hostname: url.hostname.replace(/\.$/, ''), ...(port !== undefined && { port: String(Number(port)) }) };
  } catch {
    return undefined;
  }
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

export class CallbackUrlPolicy {
  private readonly allowed: AllowedHost[];

  /** `allowedHosts` as `HANDOFF_CALLBACK_HOSTS` lists them; an entry that does not parse is a `TypeError`. */
  constructor(
    allowedHosts: readonly string[],
    private readonly resolve: Resolver = systemResolver,
  ) {
    this.allowed = allowedHosts.map((entry) => {
      const host = parseAllowedHost(entry);
      if (!host) throw new TypeError(`"${entry}" is not a host or host:port`);
      return host;
    });
  }

  /** Whether the URL's host (and port) is on the allow-list. */
  allows(url: URL): boolean {
    const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
    const port = url.port || DEFAULT_PORTS[url.protocol];
    return this.allowed.some((host) => host.hostname === hostname && (host.port === undefined || host.port === port));
  }

  /** Why the URL is refused by what it says alone, or undefined when it may be used (the API's check). */
  refusalOf(callbackUrl: string): CallbackUrlRefusedError | undefined {
    let url: URL;
    try {
      url = new URL(callbackUrl);
    } catch {
      return new CallbackUrlRefusedError('callback_url_not_https', 'callbackUrl is not a URL');
    }
    if (this.allows(url)) return undefined;
    if (url.protocol !== 'https:') {
      return new CallbackUrlRefusedError(
        'callback_url_not_https',
        `callbackUrl must be https; plain http only for a host on HANDOFF_CALLBACK_HOSTS, and ${url.host} is not on it`,
      );
    }
    const kind = internalHostKind(url.hostname);
    if (kind) return internalRefusal(url.host, kind);
    return undefined;
  }

  /**
   * Where to deliver: the URL and a checked address of its host. Every address the name resolves
   * to must be public (one internal answer refuses the URL, whatever the others say), unless the
   * host is allowed. Throws `CallbackUrlRefusedError` when refused, and a plain `Error` when the
   * name does not resolve now (that may pass; the caller retries).
   */
  async destinationOf(callbackUrl: string): Promise<CallbackDestination> {
    const refusal = this.refusalOf(callbackUrl);
    if (refusal) throw refusal;
    const url = new URL(callbackUrl);
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    let addresses: ResolvedAddress[];
    if (isIP(hostname) !== 0) {
      addresses = [{ address: hostname, family: isIP(hostname) }];
    } else {
      try {
        addresses = await this.resolve(hostname);
      } catch (error) {
        throw new Error(`callbackUrl host ${hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
          cause: error,
        });
      }
      if (addresses.length === 0) throw new Error(`callbackUrl host ${hostname} resolves to no address`);
    }
    if (!this.allows(url)) {
      for (const { address } of addresses) {
        const kind = internalAddressKind(address);
        if (kind) throw internalRefusal(url.host, kind, address);
      }
    }
    const { address, family } = addresses[0]!;
    return { url, address, family: family === 6 ? 6 : 4 };
  }
}

function internalRefusal(host: string, kind: string, resolved?: string): CallbackUrlRefusedError {
  const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
  const where = resolved ? `resolves to ${resolved}, ${article} ${kind} address` : `is ${article} ${kind} address`;
  return new CallbackUrlRefusedError(
    'callback_url_internal',
    `callbackUrl host ${host} ${where}; Handoff posts only to public addresses unless the host is on HANDOFF_CALLBACK_HOSTS`,
  );
}
