import type { Request } from 'express';
import { canonicalIp } from '../core/ip.ts';

// Who sent a request, as rate limits and blocks see it: Express's req.ip (which TRUST_PROXY lets
// come from X-Forwarded-For), checked and in one canonical form (an IPv4-mapped IPv6 address is its
// IPv4 address). A client can write anything into X-Forwarded-For: a value that is no address counts
// as the connecting peer's address, so it neither escapes the limits nor reaches a query as text.
export function clientIp(req: Request): string | undefined {
  return canonicalIp(req.ip) ?? canonicalIp(req.socket.remoteAddress);
}
