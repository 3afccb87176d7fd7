/**
 * Which URLs a federation fetch may reach. Workers cannot resolve DNS before a
 * fetch, so this checks the URL as written: literal IPs in loopback, private,
 * link-local, CGNAT and unspecified ranges, and `localhost` names. (On Cloudflare,
 * fetch cannot reach private networks anyway; this guards local and self-hosted runs.)
 */

export type AddressPolicy = { allowLoopback: boolean };

export type UrlRefusal = 'invalid_url' | 'scheme' | 'private_address' | 'credentials';

/**
 * Null when `value` may be fetched, or why not. With `allowLoopback` (dev and
 * multi-instance tests) plain http and loopback/private addresses are allowed.
 */
export function refuseUrl(value: string | URL, policy: AddressPolicy): UrlRefusal | null {
  let url: URL;
  try {
    url = typeof value === 'string' ? new URL(value) : value;
  } catch {
    return 'invalid_url';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowLoopback)) return 'scheme';
  if (url.username || url.password) return 'credentials';
  if (!policy.allowLoopback && isPrivateHost(url.hostname)) return 'private_address';
  return null;
}

/** True for hostnames that name this machine or a private network. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  const v4 = parseIPv4(host);
  if (v4) return isPrivateIPv4(v4);
  if (host.includes(':')) return isPrivateIPv6(host);
  return false;
}

function parseIPv4(host: string): number[] | null {
  // WHATWG URL parsing already normalises 0x7f.1, 2130706433 and friends to dotted decimal.
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function isPrivateIPv4([a, b]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // CGNAT, RFC 6598
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) || // benchmarking, RFC 2544
    a >= 224 // multicast and reserved
  );
}

function isPrivateIPv6(host: string): boolean {
  if (host === '::1' || host === '::') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped) {
    const v4 = parseIPv4(mapped[1]);
    return v4 ? isPrivateIPv4(v4) : true;
  }
  // WHATWG serialises a mapped address in hex: ::ffff:7f00:1.
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mappedHex) {
    const hi = parseInt(mappedHex[1], 16);
    const lo = parseInt(mappedHex[2], 16);
    return isPrivateIPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  const first = parseInt(host.split(':')[0] || '0', 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
}
