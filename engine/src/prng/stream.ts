import { EngineError } from '../errors';
import { philoxBlockInto, type PhiloxCounter, type PrngKey } from './philox';
import { assertCounter, assertIndex, assertKey } from './validate';

const TWO_POW_32 = 4294967296;
/** 2^-24: a 24-bit integer times this is an exact float32 in [0, 1). */
const TWO_POW_MINUS_24 = 1 / 16777216;

/** Philox4x32-10 of (key, counter): four uint32 words. */
export function philox4x32(key: PrngKey, counter: PhiloxCounter): Uint32Array {
  assertKey(key);
  assertCounter(counter);
  const out = new Uint32Array(4);
  philoxBlockInto(key[0], key[1], counter[0], counter[1], counter[2], counter[3], out, 0);
  return out;
}

/**
 * Sequential reader over the word stream of one key: word i is lane i % 4 of the block with
 * counter [floor(i/4) mod 2^32, floor(floor(i/4) / 2^32), 0, 0]. Computes each block once.
 */
export class PrngWordStream {
  private readonly k0: number;
  private readonly k1: number;
  private readonly block = new Uint32Array(4);
  private blockIndex = -1;
  /** Index of the next word `next()` returns. */
  position: number;

  constructor(key: PrngKey, startIndex = 0) {
    assertKey(key);
    assertIndex(startIndex, 'startIndex');
    this.k0 = key[0];
    this.k1 = key[1];
    this.position = startIndex;
  }

  next(): number {
    const i = this.position++;
    const blockIndex = Math.floor(i / 4);
    if (blockIndex !== this.blockIndex) {
      philoxBlockInto(
        this.k0,
        this.k1,
        blockIndex % TWO_POW_32,
        Math.floor(blockIndex / TWO_POW_32),
        0,
        0,
        this.block,
        0,
      );
      this.blockIndex = blockIndex;
    }
    return this.block[i & 3]!;
  }
}

/** The index-th uint32 word of the stream of `key`. */
export function randomUint32(key: PrngKey, index: number): number {
  assertKey(key);
  assertIndex(index);
  const blockIndex = Math.floor(index / 4);
  const out = new Uint32Array(4);
  philoxBlockInto(key[0], key[1], blockIndex % TWO_POW_32, Math.floor(blockIndex / TWO_POW_32), 0, 0, out, 0);
  return out[index % 4]!;
}

/** Word -> float in [0, 1): the top 24 bits times 2^-24, exact in float32 (all 2^24 values equally likely). */
export function wordToUniformFloat32(word: number): number {
  return (word >>> 8) * TWO_POW_MINUS_24;
}

/** The index-th uniform of the stream of `key`: (randomUint32(key, index) >>> 8) * 2^-24, in [0, 1). */
export function uniformFloat32(key: PrngKey, index: number): number {
  return wordToUniformFloat32(randomUint32(key, index));
}

/**
 * out[i] = fround(lo + fround(width * u_i)) with lo = fround(low), width = fround(fround(high) - lo),
 * u_i = uniformFloat32(key, i). Every operation is a single float32-rounded op, so any VT-F32 backend
 * reproduces it. Values lie in [lo, fround(high)] (the upper end only through rounding).
 */
export function fillUniform(key: PrngKey, out: Float32Array, low: number, high: number): void {
  assertKey(key);
  if (!(out instanceof Float32Array)) {
    throw new EngineError('INVALID_ARGUMENT', 'out must be a Float32Array', { details: { argument: 'out' } });
  }
  const lo = Math.fround(low);
  const hi = Math.fround(high);
  const width = Math.fround(hi - lo);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo <= hi) || !Number.isFinite(width)) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `low and high must be finite float32 values with low <= high and a finite float32 width, got low=${low}, high=${high}`,
      { details: { argument: 'low/high', low, high } },
    );
  }
  const block = new Uint32Array(4);
  const k0 = key[0];
  const k1 = key[1];
  const n = out.length;
  for (let base = 0; base < n; base += 4) {
    const blockIndex = base / 4;
    philoxBlockInto(k0, k1, blockIndex % TWO_POW_32, Math.floor(blockIndex / TWO_POW_32), 0, 0, block, 0);
    const lanes = Math.min(4, n - base);
    for (let lane = 0; lane < lanes; lane++) {
      const u = (block[lane]! >>> 8) * TWO_POW_MINUS_24;
      out[base + lane] = Math.fround(lo + Math.fround(width * u));
    }
  }
}
