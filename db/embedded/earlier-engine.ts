import { existsSync } from 'node:fs';
import path from 'node:path';

export class EarlierEngineError extends Error {
  constructor(dataDir: string) {
    const old = path.resolve(dataDir, 'pglite');
    super(
      `${path.resolve(dataDir)} holds a database of an earlier version of whereabouts (PGlite, in ${old}). ` +
        'This version runs PostgreSQL and cannot read it; nothing in it has been changed. To keep that data, ' +
        `run the earlier version on it, or set DATABASE_URL to a PostgreSQL server you have moved it to. To start ` +
        `with an empty database instead, move ${old} somewhere else (or delete it) and start again.`,
    );
    this.name = 'EarlierEngineError';
  }
}

// Whereabouts once embedded PGlite (PostgreSQL compiled to WebAssembly) in DATA_DIR/pglite. A data dir
// of that kind is refused before anything is written to it, rather than silently started empty.
export function refuseEarlierEngine(dataDir: string): void {
  if (existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))) throw new EarlierEngineError(dataDir);
}
