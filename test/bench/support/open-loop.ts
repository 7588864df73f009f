// Open-loop load: requests go out at a constant rate whatever the server's answers, and each one's
// latency is counted from the moment it was scheduled to go out, not from when it went. A server
// that falls behind therefore shows its queue in the figures instead of slowing the load down
// (a closed loop, like autocannon's, waits for an answer before sending the next request).

export interface Outcome {
  // When it was due (ms since the epoch), and how long after that the answer came.
  scheduledAt: number;
  latencyMs: number;
  // How late the request actually left this process: the generator's own lag, not the server's.
  sendLagMs: number;
  status: number;
  // The answer's JSON status field where there is one (webhooks answer accepted, duplicate, ignored).
  answer?: string;
  error?: string;
}

export interface Stream {
  name: string;
  perSecond: number;
  // Sends request i (0, 1, 2, …); resolves with the HTTP status and the body's status field, if any.
  send(i: number, scheduledAt: number): Promise<{ status: number; answer?: string }>;
}

// Runs every stream for `seconds` from `startAt` (ms since the epoch); resolves with each stream's
// outcomes, in send order, once every request has been answered or has failed.
export async function runOpenLoop(streams: Stream[], startAt: number, seconds: number): Promise<Map<string, Outcome[]>> {
  const results = new Map<string, Outcome[]>();
  await Promise.all(
    streams.map(async (stream) => {
      const outcomes: Outcome[] = [];
      results.set(stream.name, outcomes);
      const count = Math.round(stream.perSecond * seconds);
      const pending: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const scheduledAt = startAt + (i * 1000) / stream.perSecond;
        const wait = scheduledAt - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const sendLagMs = Math.max(0, Date.now() - scheduledAt);
        const outcome: Outcome = { scheduledAt, latencyMs: Number.NaN, sendLagMs, status: 0 };
        outcomes.push(outcome);
        pending.push(
          stream.send(i, scheduledAt).then(
            ({ status, answer }) => void Object.assign(outcome, { status, answer, latencyMs: Date.now() - scheduledAt }),
            (error: Error) => void Object.assign(outcome, { error: error.message, latencyMs: Date.now() - scheduledAt }),
          ),
        );
      }
      await Promise.all(pending);
    }),
  );
  return results;
}

// The p-th percentile (0–100) by the nearest-rank method; NaN for no values.
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// A POST or GET with a timeout, answering the status and the JSON body's status field, if any.
export async function request(url: string, init: RequestInit & { timeoutMs: number }): Promise<{ status: number; answer?: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
  const text = await response.text();
  let answer: string | undefined;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      answer = (JSON.parse(text) as { status?: string }).status;
    } catch {
      answer = undefined;
    }
  }
  return { status: response.status, answer };
}
