export interface SandboxStats {
  requests: number;
  byStatus: Record<string, number>;
  // Keyed by HTTP method: tells a caller that only reads from one that also writes.
  byMethod: Record<string, number>;
  trackersCreated: number;
  createCalls: number;
  retrieveCalls: number;
  faultsInjected: number;
  retryAfterViolations: number;
  webhooksSent: number;
}

export function emptyStats(): SandboxStats {
  return { requests: 0, byStatus: {}, byMethod: {}, trackersCreated: 0, createCalls: 0, retrieveCalls: 0, faultsInjected: 0, retryAfterViolations: 0, webhooksSent: 0 };
}

export function copyStats(stats: SandboxStats): SandboxStats {
  return { ...stats, byStatus: { ...stats.byStatus }, byMethod: { ...stats.byMethod } };
}

// Keyed by HTTP status ('200', '429', …) or 'timeout' for requests held and dropped.
export function countOutcome(stats: SandboxStats, outcome: string): void {
  stats.byStatus[outcome] = (stats.byStatus[outcome] ?? 0) + 1;
}
