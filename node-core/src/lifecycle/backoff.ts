/**
 * The one retry policy of a node (RPC calls in callWithRetry, failed passes in runNodeLoop): the wait before
 * retry `attempt` (1-based) is `baseDelayMs × 2^(attempt − 1)`, capped at `maxDelayMs`, then spread by
 * ±`jitter` (a fraction) so that nodes failing together do not retry in step.
 */
export type BackoffPolicy = { baseDelayMs: number; maxDelayMs: number; jitter?: number };

export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jitter = policy.jitter ?? 0;
  if (jitter === 0) return nominal;
  return Math.round(nominal * (1 - jitter + 2 * jitter * random()));
}
