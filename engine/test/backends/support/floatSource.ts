import { xorshift32 } from '../../../src/backend/testing/inputs';

/**
 * Seeded binary32 inputs for the differential tests, drawn as bit patterns (a NaN's payload survives only
 * as bits: through a JS number it may be canonicalised). Each value comes from one of the categories
 * below, picked with the weights of a Mix; everything is a pure function of the seed.
 */
export type Category =
  /** uniform on [-1, 1) */
  | 'unit'
  /** ±(1 + f)·2^e with e in [-30, 30] */
  | 'wide'
  /** ±(1 + f)·2^e with e in [100, 127]: products and sums overflow */
  | 'huge'
  /** normal, e in [-126, -100]: products underflow */
  | 'tiny'
  /** random subnormal, either sign */
  | 'subnormal'
  /** ±0, ±min/max subnormal, ±min normal, ±max finite, ±1, ±2^24 */
  | 'edge'
  /** ±Inf and NaNs (quiet, negative, with payloads, signalling) */
  | 'nonFinite'
  /** any 32-bit pattern */
  | 'bits'
  /** integers 2^24 ± small and small integers: sums that land exactly halfway (ties to even) */
  | 'integer'
  /** +0 or −0 */
  | 'zero';

export type Mix = Partial<Record<Category, number>>;

/** Finite values at the edges of binary32. */
export const EDGE_BITS: readonly number[] = [
  0x00000000,
  0x80000000, // ±0
  0x00000001,
  0x80000001, // ±min subnormal 2^-149
  0x007fffff,
  0x807fffff, // ±max subnormal
  0x00800000,
  0x80800000, // ±min normal 2^-126
  0x7f7fffff,
  0xff7fffff, // ±max finite
  0x3f800000,
  0xbf800000, // ±1
  0x4b800000,
  0xcb800000, // ±2^24
];

/** ±Inf and NaNs: default quiet, the x86 default (negative), payloads, signalling of both signs. */
export const NON_FINITE_BITS: readonly number[] = [
  0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc12345, 0xffe00001, 0x7f800001, 0xff800001, 0x7fa5a5a5,
];

/** A finite everyday mix: moderate values with some of every finite edge. */
export const FINITE_MIX: Mix = {
  unit: 6,
  wide: 3,
  huge: 0.5,
  tiny: 0.5,
  subnormal: 0.5,
  edge: 0.5,
  integer: 0.5,
  zero: 1,
};
/** FINITE_MIX plus a few ±Inf, NaN and arbitrary bit patterns. */
export const ANY_MIX: Mix = { ...FINITE_MIX, nonFinite: 0.15, bits: 0.5 };
/** One value in three ±Inf or NaN: NaNs meet NaNs (which payload survives) and Inf meets Inf. */
export const NON_FINITE_MIX: Mix = { ...FINITE_MIX, nonFinite: 6 };

type CumulativeMix = { categories: Category[]; bounds: number[]; total: number };
const cumulativeMixes = new WeakMap<Mix, CumulativeMix>();

/** A mix's categories with running weight totals, computed once per Mix object. */
function cumulative(mix: Mix): CumulativeMix {
  let table = cumulativeMixes.get(mix);
  if (table) return table;
  const categories: Category[] = [];
  const bounds: number[] = [];
  let total = 0;
  for (const [c, w] of Object.entries(mix) as [Category, number][]) {
    if (!(w > 0)) continue;
    total += w;
    categories.push(c);
    bounds.push(total);
  }
  table = { categories, bounds, total };
  cumulativeMixes.set(mix, table);
  return table;
}

const u32 = new Uint32Array(1);
const f32 = new Float32Array(u32.buffer);

/** The binary32 value with these bits (a NaN keeps its payload only as long as it is not computed on). */
export function fromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}

/** The bits of a binary32 value given as a number (rounded first). */
export function toBits(value: number): number {
  f32[0] = value;
  return u32[0]!;
}

export class FloatSource {
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = xorshift32(seed);
  }

  /** Uniform integer in [0, limit). */
  int(limit: number): number {
    return Math.floor((this.next() / 4294967296) * limit);
  }

  /** Uniform in [0, 1). */
  unit01(): number {
    return this.next() / 4294967296;
  }

  chance(p: number): boolean {
    return this.unit01() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  /** One value's bits from the mix. */
  bits(mix: Mix): number {
    return this.categoryBits(this.category(mix));
  }

  /** n values from the mix as a Float32Array (filled through its bits). */
  floats(n: number, mix: Mix): Float32Array {
    const out = new Float32Array(n);
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) bits[i] = this.bits(mix);
    return out;
  }

  /** n values of the mix with a fraction `zeros` of them ±0 (+0 three times in four). */
  sparse(n: number, zeros: number, mix: Mix): Float32Array {
    const out = this.floats(n, mix);
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < n; i++) if (this.chance(zeros)) bits[i] = this.chance(0.25) ? 0x80000000 : 0;
    return out;
  }

  /** ±(1 + f)·2^e with e uniform in [lo, hi] (normal exponents only). */
  exponentRange(lo: number, hi: number): number {
    const e = lo + this.int(hi - lo + 1);
    return ((this.next() & 0x80000000) | ((e + 127) << 23) | (this.next() & 0x7fffff)) >>> 0;
  }

  private category(mix: Mix): Category {
    const table = cumulative(mix);
    const r = this.unit01() * table.total;
    let i = 0;
    while (i < table.bounds.length - 1 && r >= table.bounds[i]!) i++;
    return table.categories[i]!;
  }

  private categoryBits(c: Category): number {
    switch (c) {
      case 'unit':
        return toBits(-1 + ((this.next() >>> 8) / 16777216) * 2);
      case 'wide':
        return this.exponentRange(-30, 30);
      case 'huge':
        return this.exponentRange(100, 127);
      case 'tiny':
        return this.exponentRange(-126, -100);
      case 'subnormal':
        return ((this.next() & 0x80000000) | (1 + this.int(0x7fffff))) >>> 0;
      case 'edge':
        return this.pick(EDGE_BITS);
      case 'nonFinite':
        return this.pick(NON_FINITE_BITS);
      case 'bits':
        return this.next();
      case 'integer': {
        const small = this.int(64) - 32;
        const v = this.chance(0.5) ? small : (this.chance(0.5) ? 1 : -1) * (16777216 + small * (1 + this.int(4)));
        return toBits(v);
      }
      case 'zero':
        return this.chance(0.5) ? 0 : 0x80000000;
    }
  }
}
