/** What this worker measured on its last lease: wall seconds per step (throttle included) and to store and pin. */
export type LeaseTimings = { stepS: number; storeS: number };

/** Room left for what was not measured: a slower machine a moment later, the submit transaction's blocks. */
export const LEASE_MARGIN = { ratio: 0.5, seconds: 5 } as const;

/**
 * Whether a lease of `k` steps can be finished within `leaseDurationS` at the pace this worker measured:
 * (k · stepS + storeS) · (1 + margin ratio) + margin seconds, with the parent checkpoint already held locally
 * (the worker does not take a lease before it is). Before the first lease nothing is measured: it fits.
 */
export function leaseFits(timings: LeaseTimings | undefined, k: number, leaseDurationS: number): { fits: boolean; neededS: number | undefined } {
  if (!timings) return { fits: true, neededS: undefined };
  const neededS = (k * timings.stepS + timings.storeS) * (1 + LEASE_MARGIN.ratio) + LEASE_MARGIN.seconds;
  return { fits: neededS <= leaseDurationS, neededS };
}
