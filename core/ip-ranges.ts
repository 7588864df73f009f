import ipaddr from 'ipaddr.js';

// Address ranges an operator writes in settings (TRUST_PROXY, LOOKUP_RATE_EXEMPT_IPS): an address, a
// CIDR range or an IPv4 netmask (10.0.0.0/255.0.0.0), as proxy-addr (Express's parser) reads them.
// A range wider than a /8 (IPv4) or a /32 (IPv6) is refused: trusting or exempting that much is never
// meant, and 0.0.0.0/1,128.0.0.0/1 would be everyone.

export const MIN_IPV4_PREFIX = 8;
export const MIN_IPV6_PREFIX = 32;

export interface IpRange {
  family: 'ipv4' | 'ipv6';
  address: string;
  prefix: number;
}

// The range an entry names, or why it is refused. An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) is
// the IPv4 range it maps, since both proxy-addr and the rate limits match IPv4 clients against it.
export function parseIpRange(entry: string): IpRange | string {
  const slash = entry.lastIndexOf('/');
  const text = slash === -1 ? entry : entry.slice(0, slash);
  if (!ipaddr.isValid(text) || text.includes('%')) return `${entry} is not an IP address or range`;
  let ip = ipaddr.parse(text);
  const max = ip.kind() === 'ipv6' ? 128 : 32;
  const written = slash === -1 ? undefined : entry.slice(slash + 1);
  let prefix: number | null = max;
  if (written !== undefined) {
    if (/^\d{1,3}$/.test(written)) prefix = Number(written);
    else if (ip.kind() === 'ipv4' && ipaddr.IPv4.isValidFourPartDecimal(written)) prefix = ipaddr.IPv4.parse(written).prefixLengthFromSubnetMask();
    else prefix = null;
  }
  if (prefix === null || prefix <= 0 || prefix > max) return `${entry} has an invalid prefix`;
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
    ip = (ip as ipaddr.IPv6).toIPv4Address();
    prefix -= 96;
  }
  const family = ip.kind() as 'ipv4' | 'ipv6';
  const floor = family === 'ipv4' ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX;
  if (prefix < floor) return `${entry} is wider than a /${floor}, which would take in far more than your own machines`;
  return { family, address: ip.toString(), prefix };
}

// A comma-separated list of ranges, or every problem in it.
export function parseIpRangeList(value: string): { ranges: IpRange[]; problems: string[] } {
  const ranges: IpRange[] = [];
  const problems: string[] = [];
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const range = parseIpRange(entry);
    if (typeof range === 'string') problems.push(range);
    else ranges.push(range);
  }
  return { ranges, problems };
}
