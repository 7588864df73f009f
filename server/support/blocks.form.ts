import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import type { BlockSubjectKind } from '../../db/blocklist.repository.ts';
import type { Order } from '../../db/schema.ts';
import type { BlockInput } from '../../domain/console/blocks.ts';
import { normalizeEmail } from '../../core/order-reference.ts';
import { isCalendarDay } from '../../core/time/calendar.ts';
import { registerPartial } from '../views/render.ts';

// The block form: what it accepts, and the subject in the one form the blocklist compares.

registerPartial('support-block-form');

const DAY = 86_400_000;

const form = z.object({
  subject_kind: z.enum(['email', 'customer', 'ip'], 'Choose what to block: an email, a customer or an IP address.'),
  subject: z.string().trim().min(1, 'Say which email, customer or IP address to block.').max(254, 'The subject is too long.'),
  level: z.enum(['warning', 'restricted', 'blocked'], 'Choose a level: warning, restricted or blocked.'),
  reason: z.string().trim().min(1, 'Give a reason: the team reads it on every case of this customer.').max(1000, 'Keep the reason to 1000 characters.'),
  expires: z.string().trim().max(10, 'Give the expiry as a number of days or a date like 2027-01-31.').optional(),
});

const email = z.email();

// An address or a CIDR range that PostgreSQL's inet type accepts too (no IPv6 zone like %eth0).
function normalIp(value: string): string | undefined {
  const [address, prefix, extra] = value.split('/');
  const family = isIP(address);
  if (!family || address.includes('%') || extra !== undefined) return undefined;
  if (prefix !== undefined) {
    if (!/^\d{1,3}$/.test(prefix)) return undefined;
    try {
      new BlockList().addSubnet(address, Number(prefix), family === 6 ? 'ipv6' : 'ipv4');
    } catch {
      return undefined;
    }
  }
  return value.toLowerCase();
}

function normalSubject(kind: BlockSubjectKind, value: string): { subject: string } | { problem: string } {
  switch (kind) {
    case 'email':
      // Stored in the form the lookup matches emails in, so no other spelling of it gets around the block.
      return email.safeParse(normalizeEmail(value)).success ? { subject: normalizeEmail(value) } : { problem: 'That is not a valid email address.' };
    case 'customer': {
      // Shopify shows either the number or its GraphQL id; orders keep the number.
      const id = /^(?:gid:\/\/shopify\/Customer\/)?(\d{1,20})$/.exec(value)?.[1];
      return id ? { subject: id } : { problem: 'A Shopify customer id is a number, like 7390123456789 or gid://shopify/Customer/7390123456789.' };
    }
    case 'ip': {
      const ip = normalIp(value);
      return ip ? { subject: ip } : { problem: 'That is not an IPv4 or IPv6 address or CIDR range, like 203.0.113.7 or 2001:db8::/32.' };
    }
  }
}

function expiryFrom(value: string | undefined, now: Date): { expiresAt: Date | null } | { problem: string } {
  if (!value) return { expiresAt: null };
  if (/^\d{1,4}$/.test(value)) {
    const days = Number(value);
    return days >= 1 && days <= 3650 ? { expiresAt: new Date(now.getTime() + days * DAY) } : { problem: 'Give between 1 and 3650 days.' };
  }
  if (!isCalendarDay(value)) return { problem: 'Give the expiry as a number of days or a date like 2027-01-31.' };
  const date = new Date(`${value}T00:00:00Z`);
  // The entry holds through the whole of the given day (UTC).
  const end = new Date(date.getTime() + DAY);
  return end > now ? { expiresAt: end } : { problem: 'The expiry date has passed already.' };
}

export function parseBlockForm(body: unknown, now: Date): { input: BlockInput } | { problem: string } {
  const parsed = form.safeParse(body ?? {});
  if (!parsed.success) return { problem: parsed.error.issues[0].message };
  const subject = normalSubject(parsed.data.subject_kind, parsed.data.subject);
  if ('problem' in subject) return subject;
  const expiry = expiryFrom(parsed.data.expires, now);
  if ('problem' in expiry) return expiry;
  return { input: { subjectKind: parsed.data.subject_kind, subject: subject.subject, level: parsed.data.level, reason: parsed.data.reason, expiresAt: expiry.expiresAt } };
}

// The shipment view's "Block this customer" forms, one per subject the order has.
export function blockFormDefaults(order: Pick<Order, 'email' | 'customer_id'>, shipmentId: string) {
  return [
    ...(order.email ? [{ id: 'block-email', subjectKind: 'email', subjectLabel: 'Email', subject: order.email, shipmentId, fixed: true, level: 'warning' }] : []),
    ...(order.customer_id ? [{ id: 'block-customer', subjectKind: 'customer', subjectLabel: 'Shopify customer', subject: order.customer_id, shipmentId, fixed: true, level: 'warning' }] : []),
  ];
}
