import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// A client's address in one canonical form (an IPv4-mapped IPv6 address is its IPv4 address), and
// what rate limits count against.

export function canonicalIp(value: string | null | undefined): string | undefined {
  // A zone ("fe80::1%eth0") means nothing beyond this host, and PostgreSQL's inet refuses it.
  if (!value || value.includes('%') || !isIP(value)) return undefined;
  return ipaddr.process(value).toString();
}

// What a per-address limit counts against: the address for IPv4, the /64 for IPv6, since one
// subscriber is routinely given a whole /64 and could otherwise rotate through it.
export function rateLimitSubject(ip: string | undefined): string {
  const canonical = canonicalIp(ip);
  if (!canonical) return 'unknown';
  const parsed = ipaddr.parse(canonical);
  if (parsed.kind() === 'ipv4') return canonical;
  return `${(parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
}

// Whether an address is this machine's (127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6).
export function isLoopback(address: string | null | undefined): boolean {
  const canonical = canonicalIp(address);
  return canonical !== undefined && ipaddr.parse(canonical).range() === 'loopback';
}
