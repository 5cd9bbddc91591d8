/**
 * Which IP addresses and host names are not plain public internet addresses: what a `callbackUrl`
 * may not name unless an operator allows its host. A bot chooses the URL and the worker POSTs to
 * it, so without this a bot could point the worker at the cloud's metadata service
 * (169.254.169.254), the Temporal frontend or anything else on the inside. Every range of the IANA
 * IPv4 and IPv6 Special-Purpose Address Registries is refused (documentation ranges included: a
 * machine may well have an interface there), with multicast and IPv6 outside global unicast.
 */
import { BlockList, isIP } from 'node:net';

type Family = 'ipv4' | 'ipv6';

/** Each kind of internal address with its ranges; the name is what a refusal says. The first kind that holds an address names it. */
const INTERNAL_RANGES: Array<{ kind: string; ranges: Array<[Family, string, number]> }> = [
  {
    kind: 'unspecified',
    ranges: [
      ['ipv4', '0.0.0.0', 8],
      ['ipv6', '::', 128],
    ],
  },
  {
    kind: 'loopback',
    ranges: [
      ['ipv4', '127.0.0.0', 8],
      ['ipv6', '::1', 128],
    ],
  },
  {
    kind: 'private',
    ranges: [
      ['ipv4', '10.0.0.0', 8],
      ['ipv4', '172.16.0.0', 12],
      ['ipv4', '192.168.0.0', 16],
    ],
  },
  { kind: 'shared (carrier-grade NAT)', ranges: [['ipv4', '100.64.0.0', 10]] },
  {
    kind: 'link-local',
    ranges: [
      ['ipv4', '169.254.0.0', 16],
      ['ipv6', 'fe80::', 10],
    ],
  },
  {
    kind: 'unique-local',
    ranges: [
      ['ipv6', 'fc00::', 7],
      ['ipv6', 'fec0::', 10],
    ],
  },
  {
    kind: 'documentation',
    ranges: [
      ['ipv4', '192.0.2.0', 24],
      ['ipv4', '198.51.100.0', 24],
      ['ipv4', '203.0.113.0', 24],
      ['ipv6', '2001:db8::', 32],
      ['ipv6', '3fff::', 20],
    ],
  },
  {
    kind: 'IETF protocol assignment',
    ranges: [
      ['ipv4', '192.0.0.0', 24],
      ['ipv6', '2001::', 23],
    ],
  },
  { kind: 'benchmarking', ranges: [['ipv4', '198.18.0.0', 15]] },
  {
    kind: 'AS112 service',
    ranges: [
      ['ipv4', '192.31.196.0', 24],
      ['ipv4', '192.175.48.0', 24],
      ['ipv6', '2620:4f:8000::', 48],
    ],
  },
  { kind: 'AMT relay', ranges: [['ipv4', '192.52.193.0', 24]] },
  { kind: 'deprecated 6to4 relay anycast', ranges: [['ipv4', '192.88.99.0', 24]] },
  {
    kind: 'discard-only',
    ranges: [
      ['ipv6', '100::', 64],
      ['ipv6', '100:0:0:1::', 64],
    ],
  },
  { kind: 'segment routing (SRv6)', ranges: [['ipv6', '5f00::', 16]] },
  // An IPv6 address carrying an IPv4 one reaches whatever that IPv4 address is (mapped, the old
  // compatible form, NAT64 and 6to4 translators), so none of them is taken on its face.
  {
    kind: 'IPv4-mapped or translated IPv6',
    ranges: [
      ['ipv6', '::ffff:0:0', 96],
      ['ipv6', '::', 96],
      ['ipv6', '64:ff9b::', 96],
      ['ipv6', '64:ff9b:1::', 48],
      ['ipv6', '2002::', 16],
    ],
  },
  {
    kind: 'multicast',
    ranges: [
      ['ipv4', '224.0.0.0', 4],
      ['ipv6', 'ff00::', 8],
    ],
  },
  // IPv4's future use and limited broadcast; IPv6 outside 2000::/3, the only global unicast block.
  {
    kind: 'reserved',
    ranges: [
      ['ipv4', '240.0.0.0', 4],
      ['ipv6', '::', 3],
      ['ipv6', '4000::', 2],
      ['ipv6', '8000::', 1],
    ],
  },
];

/**
 * One block list per kind and family. Kept apart because a `BlockList` checks an IPv4 address
 * against its IPv6 rules as if mapped (`::/96` would take every IPv4 address); an IPv6 address is
 * still checked against the IPv4 rules, which names a mapped loopback "loopback".
 */
const BLOCK_LISTS = (['ipv4', 'ipv6'] as const).map((family) => ({
  family,
  kinds: INTERNAL_RANGES.map(({ kind, ranges }) => {
    const list = new BlockList();
    for (const [rangeFamily, network, prefix] of ranges) if (rangeFamily === family || family === 'ipv6') list.addSubnet(network, prefix, rangeFamily);
    return { kind, list };
  }),
}));

/** Strips the brackets a URL puts around an IPv6 host (`[::1]`). */
function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * The kind of internal address `address` is ("loopback", "private", …), or undefined for a public
 * one. Throws a `TypeError` for something that is not an IP address.
 */
export function internalAddressKind(address: string): string | undefined {
  const ip = bare(address);
  const version = isIP(ip);
  if (version === 0) throw new TypeError(`${address} is not an IP address`);
  const family: Family = version === 4 ? 'ipv4' : 'ipv6';
  const lists = BLOCK_LISTS.find((lists) => lists.family === family)!.kinds;
  return lists.find(({ list }) => list.check(ip, family))?.kind;
}

/**
 * The kind of internal host a URL's host name is, without looking it up: an internal IP literal,
 * or `localhost` and its subdomains (RFC 6761 keeps them on the machine). Undefined for any other
 * name, which only its resolved addresses can tell.
 */
export function internalHostKind(hostname: string): string | undefined {
  const host = bare(hostname).toLowerCase().replace(/\.$/, '');
  if (isIP(host) !== 0) return internalAddressKind(host);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  return undefined;
}
