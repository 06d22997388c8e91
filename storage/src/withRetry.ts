import { isStorageError } from './storageError';

export interface WithRetryOptions {
  /** Retries after the first attempt (so at most `retries + 1` calls). Default 4. */
  retries?: number;
  /** Delay before the first retry, doubled for each next one. Default 250 ms. */
  baseDelayMs?: number;
  /** Cap on one delay. Default 10,000 ms. */
  maxDelayMs?: number;
  /** Aborts the wait between attempts (and is passed to `fn`). */
  signal?: AbortSignal;
  /** Called before each wait, for logs and metrics. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Source of randomness in [0, 1) for the jitter; injectable for tests. */
  random?: () => number;
}

/**
 * The delay before retry number `attempt` (1-based): "full jitter" exponential backoff, uniform in
 * [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))]. Full jitter spreads the retries of many nodes that
 * failed together (a daemon restart) instead of having them hammer it in lockstep.
 */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceilingMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceilingMs);
}

/**
 * Runs `fn` and retries it while it fails with StorageError UNAVAILABLE or TIMEOUT, the faults that can
 * pass (a daemon restarting, a peer not yet connected). Every other error (CID_MISMATCH, TOO_LARGE,
 * INVALID_CID, NOT_FOUND, a caller's abort) is thrown at once: retrying it cannot help and would only
 * hide it. The last error is thrown when the retries run out.
 */
export async function withRetry<T>(
  fn: (attempt: number, signal?: AbortSignal) => Promise<T>,
  options: WithRetryOptions = {},
): Promise<T> {
  const retries = options.retries ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const random = options.random ?? Math.random;
  const { signal } = options;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt, signal);
    } catch (error) {
      const retryable = isStorageError(error) && (error.code === 'UNAVAILABLE' || error.code === 'TIMEOUT');
      if (!retryable || attempt >= retries || signal?.aborted) throw error;
      const delayMs = backoffDelayMs(attempt + 1, baseDelayMs, maxDelayMs, random);
      options.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
