import type { Kysely } from 'kysely';

// Blocked emails were stored lower-cased only, while the lookup matches emails in Unicode NFKC form
// too: a full-width letter found the order but missed the block. Stored subjects take the one form
// the lookup compares (written out here, since a migration stays as it was when it ran).
const normalEmail = (value: string) => value.normalize('NFKC').trim().toLowerCase();

export async function up(db: Kysely<any>): Promise<void> {
  const rows: Array<{ id: string; subject: string }> = await db.selectFrom('blocklist_entries').select(['id', 'subject']).where('subject_kind', '=', 'email').execute();
  for (const row of rows) {
    const subject = normalEmail(row.subject);
    if (subject !== row.subject) await db.updateTable('blocklist_entries').set({ subject }).where('id', '=', row.id).execute();
  }
}

// Nothing to undo: the normal form is still the same address.
export async function down(): Promise<void> {}
