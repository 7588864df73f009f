import { readdirSync, readFileSync, existsSync } from 'node:fs';

// Light, steady load on a running service while its database is made to fail: a few lookups at a
// time, each followed by a pause of a few tens of milliseconds, each answer stamped, so a test can say
// when requests succeeded again.
export interface Load {
  answers: Array<{ at: number; status: number }>;
  stop(): Promise<void>;
  // The first moment after `since` from which a lookup was answered without a 5xx.
  firstSuccessAfter(since: number): number | undefined;
}

export function lookupLoad(url: string, order = '#0', email = 'nobody@example.com', concurrency = 4): Load {
  const answers: Load['answers'] = [];
  let running = true;
  const loop = async () => {
    while (running) {
      let status = 0;
      try {
        const res = await fetch(`${url}/api/v1/lookup?${new URLSearchParams({ order, email })}`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        // refused or timed out: counted as a failure
      }
      answers.push({ at: Date.now(), status });
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    answers,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
    firstSuccessAfter: (since) => answers.find((a) => a.at > since && a.status > 0 && a.status < 500)?.at,
  };
}

// Polls url until it answers status, and says when (or throws after timeoutMs).
export async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      last = res.status;
      if (last === status) return Date.now();
    } catch {
      last = 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last ${last})`);
}

export function childrenOf(pid: number): number[] {
  if (!existsSync(`/proc/${pid}/task`)) return [];
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

// The embedded server's postmaster: the `postgres` child of the supervisor shell the node process runs.
export function postmasterOf(nodePid: number): number | undefined {
  return childrenOf(nodePid)
    .flatMap((shell) => childrenOf(shell))
    .find((pid) => commandOf(pid) === 'postgres');
}
