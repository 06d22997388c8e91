import type { Backend, BatchedMatmulShape, BlockStrides } from '../../../src/backend/index';
import { ANY_MIX, FINITE_MIX, FloatSource, NON_FINITE_BITS, type Mix } from '../support/floatSource';
import { markedOut, type KernelCase, type KernelSuite } from '../support/kernelCase';

type Layout = 'nn' | 'nt' | 'tn';

/**
 * Dimensions around every vector width and tile of the kernels: SIMD lanes W = 4/8/16 (SSE2/AVX2/AVX-512),
 * panels of 2W columns, zero-skipping passes of 8W columns, 6-row register tiles, 256-term k blocks and
 * 120-row blocks of A (docs/numerics.md §6.1).
 */
const N_DIMS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 47, 48, 49, 63, 64, 65, 127, 128, 129];
const M_DIMS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 18, 19, 24, 25, 31, 32, 33, 47, 48, 49];
const K_DIMS = [
  0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 64, 100, 255, 256, 257, 300, 511, 512, 513,
];
/** Shapes chosen on purpose: a dimension of 1000, and products big enough for several threads. */
const FIXED_SHAPES: readonly [number, number, number][] = [
  [1000, 3, 5],
  [1000, 1, 1],
  [2, 3, 1000],
  [1, 1, 1000],
  [3, 1000, 5],
  [7, 1000, 33],
  [1, 1000, 1],
  [0, 5, 7],
  [5, 0, 7],
  [5, 7, 0],
  [0, 0, 0],
  [64, 64, 64],
  [19, 257, 65],
  [129, 33, 64],
  [13, 512, 33],
  [1000, 17, 9],
  [48, 784, 64],
  [16, 784, 128],
  [6, 256, 48],
  [36, 513, 17],
  [119, 33, 16],
  [120, 17, 33],
  [121, 9, 65],
  [241, 5, 17],
  [240, 257, 3],
];

/** How a case fills its operands. */
type Profile = 'dense' | 'finite' | 'sparse' | 'sparseNonFiniteRows' | 'ties' | 'subnormal' | 'any';
const PROFILES: readonly Profile[] = [
  'dense',
  'finite',
  'sparse',
  'sparse',
  'sparseNonFiniteRows',
  'ties',
  'subnormal',
  'any',
];
const MIX: Record<Profile, { a: Mix; b: Mix }> = {
  dense: { a: { unit: 1 }, b: { unit: 1 } },
  finite: { a: FINITE_MIX, b: FINITE_MIX },
  sparse: { a: { unit: 3, wide: 1, subnormal: 0.2 }, b: FINITE_MIX },
  sparseNonFiniteRows: { a: { unit: 3, wide: 1 }, b: { unit: 3, wide: 1 } },
  ties: { a: { integer: 3, unit: 1 }, b: { integer: 1, edge: 0.2 } },
  subnormal: { a: { tiny: 2, subnormal: 1, unit: 1 }, b: { tiny: 1, subnormal: 1, unit: 2 } },
  any: { a: ANY_MIX, b: ANY_MIX },
};

/** Index of op(b)'s element (p, j) in b's storage. */
function bIndex(layout: Layout, k: number, n: number, p: number, j: number): number {
  return layout === 'nt' ? j * k + p : p * n + j;
}
/** Index of op(a)'s element (i, p) in a's storage. */
function aIndex(layout: Layout, m: number, k: number, i: number, p: number): number {
  return layout === 'tn' ? p * m + i : i * k + p;
}

/** The operands of one product: a profile's values; sparse ones ≥ 60 % zeros (the zero-skipping path). */
function operands(src: FloatSource, layout: Layout, m: number, k: number, n: number, profile: Profile) {
  const mix = MIX[profile];
  const sparse = profile === 'sparse' || profile === 'sparseNonFiniteRows';
  const a = sparse ? src.sparse(m * k, 0.6 + 0.35 * src.unit01(), mix.a) : src.floats(m * k, mix.a);
  const b = src.floats(k * n, mix.b);
  if (profile === 'sparseNonFiniteRows' && k > 0 && n > 0) {
    // A few rows of op(b) get one NaN or ±Inf, and their column of op(a) is mostly zeros: those zeros
    // must not be skipped (0 ⊗ Inf = NaN).
    const bBits = new Uint32Array(b.buffer);
    const aBits = new Uint32Array(a.buffer);
    for (let r = 0; r < 1 + src.int(3); r++) {
      const p = src.int(k);
      bBits[bIndex(layout, k, n, p, src.int(n))] = src.pick(NON_FINITE_BITS);
      for (let i = 0; i < m; i++) if (src.chance(0.8)) aBits[aIndex(layout, m, k, i, p)] = 0;
    }
  }
  return { a, b };
}

function productCase(layout: Layout, m: number, k: number, n: number, profile: Profile, seed: number): KernelCase {
  const src = new FloatSource(seed);
  const { a, b } = operands(src, layout, m, k, n, profile);
  const withOut = src.chance(0.5);
  const call = (be: Backend, out?: Float32Array) =>
    layout === 'nn'
      ? be.matmul(a, b, m, k, n, out)
      : layout === 'nt'
        ? be.matmulTransB(a, b, m, k, n, out)
        : be.matmulTransA(a, b, m, k, n, out);
  return {
    shape: `${m}x${k}x${n} ${profile}${withOut ? ' out' : ''}`,
    seed,
    cases: m * n,
    run: (be) => ({ out: call(be, withOut ? markedOut(m * n) : undefined) }),
  };
}

/** ~400 products per layout: every fixed shape in two profiles, then random shapes from the lists. */
function productCases(layout: Layout): KernelCase[] {
  const base = { nn: 0x1000, nt: 0x2000, tn: 0x3000 }[layout];
  const cases: KernelCase[] = [];
  FIXED_SHAPES.forEach(([m, k, n], i) => {
    cases.push(productCase(layout, m, k, n, 'sparse', base + 2 * i));
    cases.push(productCase(layout, m, k, n, 'any', base + 2 * i + 1));
  });
  const pickSrc = new FloatSource(base + 0x777);
  for (let i = 0; cases.length < 400; i++) {
    const m = pickSrc.pick(M_DIMS);
    const k = pickSrc.pick(K_DIMS);
    const n = pickSrc.pick(N_DIMS);
    if (m * k * n > 400_000) continue;
    cases.push(productCase(layout, m, k, n, PROFILES[i % PROFILES.length]!, base + 0x100 + i));
  }
  return cases;
}

const PRODUCT_COUNTING = 'output entries, over ~400 shapes per layout';

export const matmulSuites: readonly KernelSuite[] = [
  { kernel: 'matmul', counting: PRODUCT_COUNTING, cases: () => productCases('nn') },
  { kernel: 'matmulTransB', counting: PRODUCT_COUNTING, cases: () => productCases('nt') },
  { kernel: 'matmulTransA', counting: PRODUCT_COUNTING, cases: () => productCases('tn') },
  {
    kernel: 'matmulBatched',
    counting: 'output entries of all blocks, over ~300 batches in 3 layouts',
    cases: batchedCases,
  },
];

/** Length an operand needs for blocks of `size` floats at these strides. */
function reach(s: BlockStrides, count: number, group: number, size: number): number {
  if (count === 0) return s.offset;
  return s.offset + Math.floor((count - 1) / group) * s.outer + (Math.min(group, count) - 1) * s.inner + size;
}

type Batch = { a: Float32Array; b: Float32Array; shape: BatchedMatmulShape; outLength: number; label: string };

function batchedCase(batch: Batch, seed: number): KernelCase {
  const { a, b, shape, outLength } = batch;
  return {
    shape: `${shape.layout} ${shape.m}x${shape.k}x${shape.n} ×${shape.count}/${shape.group} ${batch.label}`,
    seed,
    cases: shape.count * shape.m * shape.n,
    run: (be) => ({ out: be.matmulBatched(a, b, shape, markedOut(outLength)) }),
  };
}

/**
 * Attention's three products on [B×3H×T×D] heads (the layout of models/attention.ts): scores q·kᵀ ('nt',
 * q and k blocks of one array), P·v ('nn') and Pᵀ·dY ('tn').
 */
function attentionBatches(src: FloatSource, B: number, H: number, T: number, D: number, mix: Mix): Batch[] {
  const TD = T * D;
  const TT = T * T;
  const qkv = src.floats(B * 3 * H * TD, mix);
  const probs = src.sparse(B * H * TT, 0.3, { unit: 1 });
  const dy = src.floats(B * H * TD, mix);
  const count = B * H;
  const perHead = (size: number) => ({ offset: 0, outer: H * size, inner: size });
  const at = (offset: number) => ({ offset, outer: 3 * H * TD, inner: TD });
  const label = `attention B${B} H${H} T${T} D${D}`;
  return [
    {
      a: qkv,
      b: qkv,
      outLength: count * TT,
      label,
      shape: { layout: 'nt', m: T, k: D, n: T, count, group: H, a: at(0), b: at(H * TD), out: perHead(TT) },
    },
    {
      a: probs,
      b: qkv,
      outLength: count * TD,
      label,
      shape: { layout: 'nn', m: T, k: T, n: D, count, group: H, a: perHead(TT), b: at(2 * H * TD), out: perHead(TD) },
    },
    {
      a: probs,
      b: dy,
      outLength: count * TD,
      label,
      shape: { layout: 'tn', m: T, k: T, n: D, count, group: H, a: perHead(TT), b: perHead(TD), out: perHead(TD) },
    },
  ];
}

/** Arbitrary strides: inputs may overlap each other and themselves; out blocks are apart, with gaps. */
function stridedBatch(src: FloatSource, layout: Layout): Batch {
  const m = src.pick([0, 1, 2, 5, 6, 7, 9, 13]);
  const k = src.pick([0, 1, 3, 8, 17, 33, 257]);
  const n = src.pick([0, 1, 4, 7, 8, 9, 16, 17, 33]);
  const count = src.pick([0, 1, 2, 3, 5, 8, 12]);
  const group = 1 + src.int(Math.max(1, count + 1));
  const inputStrides = (size: number): BlockStrides => {
    const inner = src.chance(0.2) ? src.int(size + 1) : size + src.int(5);
    return { offset: src.int(7), inner, outer: src.chance(0.2) ? src.int(size + 1) : group * inner + src.int(9) };
  };
  const aAt = inputStrides(m * k);
  const bAt = inputStrides(k * n);
  const outInner = m * n + src.int(4);
  const outAt = { offset: src.int(5), inner: outInner, outer: (group - 1) * outInner + m * n + src.int(6) };
  const sameArray = src.chance(0.2);
  const aLength = reach(aAt, count, group, m * k) + src.int(3);
  const a = src.floats(
    sameArray ? Math.max(aLength, reach(bAt, count, group, k * n)) : aLength,
    src.chance(0.7) ? FINITE_MIX : ANY_MIX,
  );
  const b = sameArray
    ? a
    : src.sparse(reach(bAt, count, group, k * n) + src.int(3), src.chance(0.5) ? 0 : 0.7, FINITE_MIX);
  return {
    a,
    b,
    outLength: reach(outAt, count, group, m * n) + src.int(3),
    label: `strided${sameArray ? ' a=b' : ''}`,
    shape: { layout, m, k, n, count, group, a: aAt, b: bAt, out: outAt },
  };
}

function batchedCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  let seed = 0x4000;
  for (const B of [1, 2, 3]) {
    for (const H of [1, 2, 4]) {
      for (const [T, D] of [
        [1, 4],
        [5, 8],
        [8, 16],
        [16, 4],
        [17, 9],
        [32, 8],
      ] as const) {
        const src = new FloatSource(++seed);
        for (const batch of attentionBatches(src, B, H, T, D, src.chance(0.8) ? FINITE_MIX : ANY_MIX))
          cases.push(batchedCase(batch, seed));
      }
    }
  }
  for (let i = 0; i < 150; i++) {
    const src = new FloatSource(++seed);
    cases.push(batchedCase(stridedBatch(src, (['nn', 'nt', 'tn'] as const)[i % 3]!), seed));
  }
  return cases;
}
