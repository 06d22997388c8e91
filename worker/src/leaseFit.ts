/** What this worker measured on its last lease: wall seconds per step (throttle included) and to store and pin. */
export type LeaseTimings = { stepS: number; storeS: number };

/** Room left for what was not measured: a slower machine a moment later, the submit transaction's blocks. */
export const LEASE_MARGIN = { ratio: 0.5, seconds: 5 } as const;

/**
 * Whether a lease of `k` steps can be finished within `leaseDurationS` at the pace this worker measured:
 * (k · stepS + storeS) · (1 + margin ratio) + margin seconds, with the parent checkpoint already held locally
 * (the worker does not take a lease before it is). Before the first lease nothing is measured: it fits.
 */
export function leaseFits(
  timings: LeaseTimings | undefined,
  k: number,
  leaseDurationS: number,
): { fits: boolean; neededS: number | undefined } {
  if (!timings) return { fits: true, neededS: undefined };
  const neededS = (k * timings.stepS + timings.storeS) * (1 + LEASE_MARGIN.ratio) + LEASE_MARGIN.seconds;
  return { fits: neededS <= leaseDurationS, neededS };
}

/** A parent fetch never waits less than this: a budget already spent is a quick TIMEOUT, then the next pass. */
export const MIN_PARENT_FETCH_TIMEOUT_MS = 1_000;

/**
 * How long the parent checkpoint may take to arrive, derived from the lease instead of the store's fixed default
 * (60 s, as long as a devnet lease, was how honest workers lost their bonds to a slow parent: issue 12).
 * - In a held lease, with `remainingS` left before its deadline: what the work still needs at our measured pace
 *   (the {@link leaseFits} estimate, margins included) is kept back, and the fetch gets at most half of the rest.
 *   Before anything is measured, half of what is left.
 * - Before a lease (`remainingS` undefined: the prefetch of the run's tip), half a lease: a parent that takes longer
 *   could not be fetched inside a lease either, and the prefetch is tried again at the next pass.
 */
export function parentFetchTimeoutMs(
  timings: LeaseTimings | undefined,
  k: number,
  leaseDurationS: number,
  remainingS?: number,
): number {
  if (remainingS === undefined) return Math.max(MIN_PARENT_FETCH_TIMEOUT_MS, (leaseDurationS / 2) * 1000);
  const workS = timings ? leaseFits(timings, k, leaseDurationS).neededS! : 0;
  const budgetS = Math.min(remainingS / 2, remainingS - workS);
  return Math.max(MIN_PARENT_FETCH_TIMEOUT_MS, Math.floor(budgetS * 1000));
}
