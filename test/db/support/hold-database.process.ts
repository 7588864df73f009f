import { sql } from 'kysely';
import { openDatabase } from '../../../db/database.ts';

// Opens the embedded database in the DATA_DIR given, commits a row, says so, and holds it until killed.
const database = await openDatabase({ DATA_DIR: process.argv[2], DATABASE_POOL_SIZE: 2 });
await sql`create table kept (note text)`.execute(database.db);
await sql`insert into kept values ('committed before the kill')`.execute(database.db);
console.log('open');
setInterval(() => {}, 60_000);
