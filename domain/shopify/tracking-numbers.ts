// Merchants type tracking numbers by hand or paste them with spaces, dashes and line breaks; some are
// garbage. A number is kept in the carriers' own form: letters and digits, upper case.

export type TrackingNumber = { ok: true; code: string } | { ok: false; raw: string; reason: string };

const SEPARATORS = /[\s\-–—_.\u00a0\u200b]+/gu;

export function normalizeTrackingNumber(raw: string | null | undefined): TrackingNumber | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const code = trimmed.replace(SEPARATORS, '').toUpperCase();
  if (!/^[A-Z0-9]+$/.test(code)) return { ok: false, raw: trimmed, reason: 'contains characters no carrier uses' };
  if (code.length < 6) return { ok: false, raw: trimmed, reason: 'too short to be a tracking number' };
  if (code.length > 40) return { ok: false, raw: trimmed, reason: 'too long to be a tracking number' };
  return { ok: true, code };
}

// How a refused number is shown to support: printable, bounded, never the cause of a second problem.
export function displayableTrackingNumber(raw: string): string {
  return raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60);
}
