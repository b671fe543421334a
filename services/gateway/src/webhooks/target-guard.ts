import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses a webhook must never reach in production (SSRF): unspecified, loopback, private,
 * carrier-grade NAT, link-local (the cloud metadata service, 169.254.169.254), documentation,
 * benchmarking, multicast and reserved ranges, and their IPv6 counterparts (unique-local covers
 * fd00:ec2::254, the IPv6 metadata address). IPv4-mapped and NAT64 addresses are judged by the
 * IPv4 address inside them.
 */
const REFUSED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  REFUSED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  REFUSED.addSubnet(network, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96) IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(
    address,
  );
  if (!match) return undefined;
  if (match[1]) return match[1];
  const high = parseInt(match[2] ?? '0', 16);
  const low = parseInt(match[3] ?? '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Why `address` may not be reached, or undefined when it may. */
export function refusedAddressReason(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 0) return `${address} is not an IP address`;
  if (version === 6) {
    const inner = embeddedIpv4(bare.toLowerCase());
    if (inner) return refusedAddressReason(inner);
    if (/^::ffff:/i.test(bare)) return `${address} is an IPv4-mapped address`;
  }
  return REFUSED.check(bare, version === 4 ? 'ipv4' : 'ipv6')
    ? `${address} is a private, loopback, link-local or reserved address`
    : undefined;
}

export class RefusedTargetError extends Error {
  readonly code = 'WEBHOOK_TARGET_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'RefusedTargetError';
  }
}

/**
 * What is wrong with a webhook URL before anything is resolved: its scheme, credentials in it, or a
 * host that is a refused address (or `localhost`) when private targets are not allowed.
 */
export function targetUrlProblem(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http or https URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must use http or https';
  if (url.username || url.password) return 'url must not carry credentials';
  if (url.hash) return 'url must not have a fragment';
  if (allowPrivate) return undefined;
  // A trailing dot names the same host (`localhost.`).
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'url must not point at this machine';
  if (isIP(host)) {
    const reason = refusedAddressReason(host);
    if (reason) return `url must not point at a private address: ${reason}`;
  }
  return undefined;
}

/**
 * A DNS lookup for the webhook's connection that resolves every address of the host and refuses
 * the connection if any of them is refused; the socket connects only to addresses checked here, so
 * a name that resolves differently later (DNS rebinding) cannot slip through.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivate
        ? undefined
        : addresses.map((entry) => refusedAddressReason(entry.address)).find((reason) => reason);
      if (refused) return callback(new RefusedTargetError(`${hostname}: ${refused}`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new RefusedTargetError(`${hostname} has no address`), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}
