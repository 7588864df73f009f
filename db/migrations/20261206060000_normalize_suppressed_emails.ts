import type { Kysely } from 'kysely';

// Suppressed emails were stored lower-cased only, while blocks and the lookup compare emails in Unicode
// NFKC form too: an opt-out from a full-width or decomposed address missed the same address written
// plainly. Stored emails take that one form (written out here, since a migration stays as it was when
// it ran). Two rows that become one address and reason keep one: the unique key is per address.
const normalEmail = (value: string) => value.normalize('NFKC').trim().toLowerCase();

export async function up(db: Kysely<any>): Promise<void> {
  const rows: Array<{ id: string; shop_id: string; email: string; reason: string }> = await db
    .selectFrom('email_suppressions')
    .select(['id', 'shop_id', 'email', 'reason'])
    .orderBy('created_at')
    .execute();
  const kept = new Set(rows.filter((row) => normalEmail(row.email) === row.email).map((row) => `${row.shop_id} ${row.email} ${row.reason}`));
  for (const row of rows) {
    const email = normalEmail(row.email);
    if (email === row.email) continue;
    const key = `${row.shop_id} ${email} ${row.reason}`;
    if (kept.has(key)) {
      await db.deleteFrom('email_suppressions').where('id', '=', row.id).execute();
    } else {
      kept.add(key);
      await db.updateTable('email_suppressions').set({ email }).where('id', '=', row.id).execute();
    }
  }
}

// Nothing to undo: the normal form is still the same address, and the shopper still opted out.
export async function down(): Promise<void> {}
