import type { Logger } from 'pino';
import { NodeError } from '../errors';
import { backoffDelayMs } from './backoff';
import { sleep } from './sleep';

/** What one pass of a daemon's work decided: stop for good, go again at once, or wait a poll interval. */
export type LoopOutcome = 'done' | 'again' | 'idle';

export type RunNodeLoopParameters = {
  /** One pass over the daemon's work; it persists its own state. */
  iteration: () => Promise<LoopOutcome>;
  signal: AbortSignal;
  logger: Pick<Logger, 'error'>;
  pollIntervalMs: number;
  /** This many failed passes in a row end the loop with the last error (default 20). */
  maxConsecutiveFailures?: number;
  /** Longest back-off between failed passes (default 30 s). */
  maxBackoffMs?: number;
};

/**
 * The loop every node runs (worker, fraud-proofer, validator): repeat `iteration` until it says `done` or the
 * signal aborts. A failed pass is logged and retried after an exponential back-off (poll interval × 2^failures,
 * capped); errors no retry can mend — a broken state file (`STATE`), a bad config (`INVALID_CONFIG`), or too many
 * failures in a row — end the loop by rethrowing. Resolves `done` or `aborted`.
 */
export async function runNodeLoop(p: RunNodeLoopParameters): Promise<'done' | 'aborted'> {
  const maxFailures = p.maxConsecutiveFailures ?? 20;
  const maxBackoffMs = p.maxBackoffMs ?? 30_000;
  let failures = 0;
  while (!p.signal.aborted) {
    let outcome: LoopOutcome;
    try {
      outcome = await p.iteration();
      failures = 0;
    } catch (err) {
      if (p.signal.aborted) throw err;
      failures += 1;
      if (
        failures >= maxFailures ||
        (err instanceof NodeError && (err.code === 'STATE' || err.code === 'INVALID_CONFIG'))
      )
        throw err;
      p.logger.error(
        { err: err instanceof Error ? err.message : String(err), failures },
        'iteration failed; backing off',
      );
      // The node-wide policy (backoff.ts), without jitter: poll interval × 2^failures, capped.
      await sleep(backoffDelayMs(failures + 1, { baseDelayMs: p.pollIntervalMs, maxDelayMs: maxBackoffMs }), p.signal);
      continue;
    }
    if (outcome === 'done') return 'done';
    if (outcome === 'idle') await sleep(p.pollIntervalMs, p.signal);
  }
  return 'aborted';
}
