import { z } from 'zod';

// How a shop's emails look and whom replies reach. The caller fills it from config (SHOP_NAME,
// SUPPORT_EMAIL and the proposed BRAND_* variables); everything here lands in HTML, CSS or headers, so
// it is validated before use: a colour is a hex colour and nothing else, a logo is an http(s) URL.

export interface EmailBranding {
  shopName: string;
  logoUrl?: string | null;
  // '#1a73e8' or '#18e'; anything else is refused.
  primaryColor?: string | null;
  supportEmail?: string | null;
  // Where shopper replies go; defaults to supportEmail.
  replyTo?: string | null;
}

export interface ResolvedBranding {
  shopName: string;
  logoUrl: string | null;
  color: string;
  // Black or white, whichever reads better on `color` (button labels).
  textOnColor: string;
  supportEmail: string | null;
  replyTo: string | null;
}

export const defaultBrandColor = '#2b59c3';

export class InvalidBrandingError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid email branding: ${problems.join('; ')}`);
    this.name = 'InvalidBrandingError';
    this.problems = problems;
  }
}

const schema = z.object({
  shopName: z.string().trim().min(1).max(120),
  logoUrl: z.url({ protocol: /^https?$/ }).nullish(),
  primaryColor: z
    .string()
    .regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, 'must be a hex colour such as #1a73e8')
    .nullish(),
  supportEmail: z.email().nullish(),
  replyTo: z.email().nullish(),
});

function sixDigits(hex: string): string {
  const digits = hex.slice(1).toLowerCase();
  return digits.length === 3 ? `#${[...digits].map((d) => d + d).join('')}` : `#${digits}`;
}

// WCAG relative luminance; white text from 0.18 down gives the higher contrast ratio.
function readableTextOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 ? '#111111' : '#ffffff';
}

export function resolveBranding(input: EmailBranding): ResolvedBranding {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InvalidBrandingError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const branding = result.data;
  const color = sixDigits(branding.primaryColor ?? defaultBrandColor);
  return {
    // A display name travels in a From header: one line only.
    shopName: branding.shopName.replace(/\s+/g, ' '),
    logoUrl: branding.logoUrl ?? null,
    color,
    textOnColor: readableTextOn(color),
    supportEmail: branding.supportEmail ?? null,
    replyTo: branding.replyTo ?? branding.supportEmail ?? null,
  };
}
