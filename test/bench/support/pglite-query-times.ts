import type { PGlite } from '@electric-sql/pglite';

// Where the embedded database spends its time, by statement. PGlite runs PostgreSQL as WebAssembly on
// the caller's thread, so each protocol exchange blocks the event loop for as long as it takes; this
// times every one and books it to the statement its Parse (or simple Query) message carried, the
// Bind/Execute messages that follow included.

export interface StatementTime {
  statement: string;
  count: number;
  totalMs: number;
}

const PARSE = 0x50;
const QUERY = 0x51;
const decoder = new TextDecoder();

function statementOf(message: Uint8Array): string | undefined {
  if (message[0] !== QUERY && message[0] !== PARSE) return undefined;
  // Type byte, int32 length, then (Parse only) the statement's name and the text, each NUL-ended.
  const start = message[0] === PARSE ? message.indexOf(0, 5) + 1 : 5;
  const end = message.indexOf(0, start);
  return decoder.decode(message.subarray(start, end < 0 ? undefined : end)).replace(/\s+/g, ' ').trim().slice(0, 140);
}

export function timeStatements(pglite: PGlite) {
  let times = new Map<string, StatementTime>();
  let current = '(before any statement)';
  const execute = pglite.execProtocolRawSync.bind(pglite);
  pglite.execProtocolRawSync = (message: Uint8Array) => {
    const statement = statementOf(message);
    if (statement) current = statement;
    const started = performance.now();
    try {
      return execute(message);
    } finally {
      const entry = times.get(current) ?? { statement: current, count: 0, totalMs: 0 };
      entry.totalMs += performance.now() - started;
      if (statement) entry.count++;
      times.set(current, entry);
    }
  };
  return {
    reset: () => void (times = new Map()),
    top: (n: number) => [...times.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, n),
    totalMs: () => [...times.values()].reduce((sum, t) => sum + t.totalMs, 0),
  };
}
