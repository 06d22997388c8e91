import { EngineError } from '../errors';
import { deriveKey } from '../prng/deriveKey';
import { permutation, PERMUTATION_MAX_N } from '../prng/permutation';

export interface BatchIndicesParameters {
  /** Merkle root of the dataset (manifest `datasetRoot`), 0x + 64 lowercase hex digits. */
  datasetRoot: `0x${string}`;
  /** Run seed, 0 <= seed < 2^64. */
  seed: bigint;
  /** Examples per step, >= 1. */
  batchSize: number;
  /** Training step, >= 1 (step 0 is the genesis state and has no batch). */
  step: number;
  /** Examples in the training split, 1 <= numExamples <= 2^31. */
  numExamples: number;
}

/** The PRNG domain of epoch e's permutation; the dataset root keeps runs on different data independent. */
export function epochDomain(datasetRoot: `0x${string}`, epoch: number): string {
  return `batch/${datasetRoot}/epoch/${epoch}`;
}

const ROOT_PATTERN = /^0x[0-9a-f]{64}$/;

// Consecutive steps read the same one or two epochs; keeping the last few permutations makes a
// step O(batchSize) instead of O(numExamples). Purely a cache: results never depend on it.
const CACHE_ENTRIES = 3;
const permutationCache = new Map<string, Uint32Array>();

function epochPermutation(datasetRoot: `0x${string}`, seed: bigint, numExamples: number, epoch: number): Uint32Array {
  const cacheKey = `${datasetRoot}|${seed}|${numExamples}|${epoch}`;
  const hit = permutationCache.get(cacheKey);
  if (hit !== undefined) {
    permutationCache.delete(cacheKey);
    permutationCache.set(cacheKey, hit);
    return hit;
  }
  const perm = permutation(deriveKey(seed, epochDomain(datasetRoot, epoch)), numExamples);
  permutationCache.set(cacheKey, perm);
  if (permutationCache.size > CACHE_ENTRIES) {
    const oldest = permutationCache.keys().next().value as string;
    permutationCache.delete(oldest);
  }
  return perm;
}

function invalid(argument: string, expected: string, value: unknown): EngineError {
  return new EngineError('INVALID_ARGUMENT', `${argument} must be ${expected}, got ${String(value)}`, {
    details: { argument, value: typeof value === 'bigint' ? value.toString() : value },
  });
}

/**
 * The training-split example indices of the batch of `step`. The example stream is the epoch-0
 * permutation, then epoch 1's, ...; step s takes stream positions (s-1)*B ... s*B-1, so a batch may
 * straddle an epoch boundary. Position q is example perm_e[q mod N] with e = floor(q / N) and
 * perm_e = permutation(deriveKey(seed, "batch/<datasetRoot>/epoch/<e>"), N).
 */
export function batchIndices(params: BatchIndicesParameters): Uint32Array {
  const { datasetRoot, seed, batchSize, step, numExamples } = params;
  if (typeof datasetRoot !== 'string' || !ROOT_PATTERN.test(datasetRoot)) {
    throw invalid('datasetRoot', '0x followed by 64 lowercase hex digits', datasetRoot);
  }
  if (typeof seed !== 'bigint' || seed < 0n || seed >= 1n << 64n) {
    throw invalid('seed', 'a bigint with 0 <= seed < 2^64', seed);
  }
  if (!Number.isSafeInteger(numExamples) || numExamples < 1 || numExamples > PERMUTATION_MAX_N) {
    throw invalid('numExamples', 'an integer with 1 <= numExamples <= 2^31', numExamples);
  }
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > PERMUTATION_MAX_N) {
    throw invalid('batchSize', 'an integer with 1 <= batchSize <= 2^31', batchSize);
  }
  if (!Number.isSafeInteger(step) || step < 1 || !Number.isSafeInteger(step * batchSize)) {
    throw invalid('step', 'an integer >= 1 with step * batchSize < 2^53', step);
  }
  const out = new Uint32Array(batchSize);
  let position = (step - 1) * batchSize;
  let filled = 0;
  while (filled < batchSize) {
    const epoch = Math.floor(position / numExamples);
    const offset = position - epoch * numExamples;
    const take = Math.min(batchSize - filled, numExamples - offset);
    const perm = epochPermutation(datasetRoot, seed, numExamples, epoch);
    out.set(perm.subarray(offset, offset + take), filled);
    filled += take;
    position += take;
  }
  return out;
}
