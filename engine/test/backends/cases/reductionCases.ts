import { ANY_MIX, FINITE_MIX, FloatSource, type Mix } from '../support/floatSource';
import { markedOut, type KernelCase, type KernelSuite } from '../support/kernelCase';

/** Sizes around the vector widths and the 16-column thread split, 0, 1 and 1000. */
const DIMS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 100, 1000];
const MIXES: readonly Mix[] = [FINITE_MIX, ANY_MIX, { integer: 3, unit: 1 }, { unit: 1 }];

/** rows × cols pairs: every DIMS value against a few partners, plus shapes big enough for 4 threads. */
function shapes(seed: number, maxElements: number): [number, number][] {
  const src = new FloatSource(seed);
  const out: [number, number][] = [];
  for (const d of DIMS) {
    for (let r = 0; r < 3; r++) {
      const other = src.pick(DIMS);
      if (d * other <= maxElements) out.push(src.chance(0.5) ? [d, other] : [other, d]);
    }
  }
  out.push([300, 512], [513, 300], [140001, 1], [1, 140001]);
  return out;
}

/** Rows of a[rows×cols] that cancel: each row is followed by its negation, so sums meet exact zeros. */
function withCancellingRows(src: FloatSource, a: Float32Array, rows: number, cols: number): void {
  for (let i = 1; i < rows; i += 2) {
    if (!src.chance(0.3)) continue;
    for (let j = 0; j < cols; j++) a[i * cols + j] = -a[(i - 1) * cols + j]!;
  }
}

function addRowVectorCases(): KernelCase[] {
  return shapes(0x110000, 200_000).map(([rows, cols], i) => {
    const seed = 0x110100 + i;
    const src = new FloatSource(seed);
    const mix = src.pick(MIXES);
    const a = src.floats(rows * cols, mix);
    const v = src.floats(cols, mix);
    const inPlace = src.chance(0.3);
    return {
      shape: `${rows}x${cols}${inPlace ? ' out=a' : ''}`,
      seed,
      cases: rows * cols,
      run(be) {
        if (!inPlace) return { out: be.addRowVector(a, v, rows, cols) };
        const x = a.slice();
        return { out: be.addRowVector(x, v, rows, cols, x) };
      },
    };
  });
}

function sumRowsCases(): KernelCase[] {
  const list = shapes(0x120000, 200_000);
  // Many rows per column too: each output is a long sum. 1000 × 70 and 5000 × 33 take threads.
  list.push([1000, 70], [5000, 33], [2000, 1], [3, 3000]);
  const src = new FloatSource(0x12ffff);
  while (list.length < 250) {
    const rows = src.pick([2, 3, 7, 33, 100, 257, 1000]);
    const cols = src.pick(DIMS);
    if (rows * cols <= 200_000) list.push([rows, cols]);
  }
  return list.map(([rows, cols], i) => {
    const seed = 0x120100 + i;
    const src = new FloatSource(seed);
    const a = src.floats(rows * cols, src.pick(MIXES));
    withCancellingRows(src, a, rows, cols);
    const withOut = src.chance(0.5);
    return {
      shape: `${rows}x${cols}${withOut ? ' out' : ''}`,
      seed,
      cases: cols,
      run: (be) => ({ out: be.sumRows(a, rows, cols, withOut ? markedOut(cols) : undefined) }),
    };
  });
}

/** 10,000 sums: short arrays of every length up to 70, some long ones, ties and cancellations. */
function sumCases(): KernelCase[] {
  const cases: KernelCase[] = [];
  for (let i = 0; i < 10_050; i++) {
    const seed = 0x130000 + i;
    const src = new FloatSource(seed);
    const n = i < 50 ? 1000 + src.int(100_000) : src.int(71);
    const a = src.floats(n, src.pick(MIXES));
    if (src.chance(0.2)) for (let j = 1; j < n; j += 2) a[j] = -a[j - 1]!;
    cases.push({ shape: `${n}`, seed, cases: 1, run: (be) => ({ sum: be.sum(a) }) });
  }
  return cases;
}

/** Data movement: any bit pattern, signalling NaNs included, must arrive unchanged. */
const MOVE_MIX: Mix = { bits: 3, nonFinite: 1, edge: 1, unit: 1 };

function transposeCases(): KernelCase[] {
  return shapes(0x140000, 200_000).map(([rows, cols], i) => {
    const seed = 0x140100 + i;
    const src = new FloatSource(seed);
    const a = src.floats(rows * cols, MOVE_MIX);
    const withOut = src.chance(0.5);
    return {
      shape: `${rows}x${cols}${withOut ? ' out' : ''}`,
      seed,
      cases: rows * cols,
      run: (be) => ({ out: be.transpose(a, rows, cols, withOut ? markedOut(rows * cols) : undefined) }),
    };
  });
}

function swapAxes12Cases(): KernelCase[] {
  const src = new FloatSource(0x150000);
  const dims = [0, 1, 2, 3, 4, 5, 7, 8, 16, 17, 33];
  const cases: KernelCase[] = [];
  // Attention's [B×T×3H×D] and [B×H×T×D], then arbitrary 4-D shapes, then one big enough for threads.
  const list: [number, number, number, number][] = [
    [2, 16, 6, 4],
    [4, 8, 12, 4],
    [2, 2, 16, 8],
    [1, 1000, 3, 5],
    [64, 32, 6, 8],
  ];
  while (list.length < 200) {
    const d = [src.pick(dims), src.pick(dims), src.pick(dims), src.pick(dims)] as [number, number, number, number];
    if (d[0] * d[1] * d[2] * d[3] <= 100_000) list.push(d);
  }
  list.forEach(([d0, d1, d2, d3], i) => {
    const seed = 0x150100 + i;
    const s = new FloatSource(seed);
    const x = s.floats(d0 * d1 * d2 * d3, MOVE_MIX);
    const withOut = s.chance(0.5);
    cases.push({
      shape: `${d0}x${d1}x${d2}x${d3}${withOut ? ' out' : ''}`,
      seed,
      cases: x.length,
      run: (be) => ({ out: be.swapAxes12(x, d0, d1, d2, d3, withOut ? markedOut(x.length) : undefined) }),
    });
  });
  return cases;
}

type Ids = Int32Array | Uint8Array | number[];

/** ids in [0, vocab): repeated often (scatter-add order), as Int32Array, Uint8Array or number[] (with −0). */
function ids(src: FloatSource, count: number, vocab: number): Ids {
  const values = Array.from({ length: count }, () => (src.chance(0.3) ? src.int(Math.min(vocab, 3)) : src.int(vocab)));
  const kind = src.int(3);
  if (kind === 0) return Int32Array.from(values);
  if (kind === 1 && vocab <= 256) return Uint8Array.from(values);
  return values.map((v) => (v === 0 && src.chance(0.5) ? -0 : v));
}

const EMBEDDING_SHAPES: readonly [number, number, number][] = [
  // vocab, dim, ids
  [73, 16, 96],
  [73, 32, 64],
  [10, 1, 1000],
  [1, 1000, 7],
  [1000, 7, 33],
  [5, 0, 9],
  [0, 4, 0],
  [7, 33, 0],
  [256, 48, 100],
  [3, 17, 2000],
  [65, 64, 300],
  [1000, 65, 1000],
  [2, 2049, 40],
  [50, 15, 49],
  [9, 47, 8],
];

function embeddingCases(kernel: 'embeddingGather' | 'embeddingScatterAdd'): KernelCase[] {
  const base = kernel === 'embeddingGather' ? 0x160000 : 0x170000;
  const list = [...EMBEDDING_SHAPES];
  const src = new FloatSource(base);
  while (list.length < 120) list.push([1 + src.int(100), src.pick(DIMS), src.pick(DIMS)]);
  return list.map(([vocab, dim, count], i) => {
    const seed = base + 0x100 + i;
    const s = new FloatSource(seed);
    const idList = ids(s, count, vocab);
    const withOut = s.chance(0.5);
    if (kernel === 'embeddingGather') {
      const table = s.floats(vocab * dim, MOVE_MIX);
      return {
        shape: `vocab ${vocab} dim ${dim} ids ${count}${withOut ? ' out' : ''}`,
        seed,
        cases: count * dim,
        run: (be) => ({
          out: be.embeddingGather(table, idList, vocab, dim, withOut ? markedOut(count * dim) : undefined),
        }),
      };
    }
    const dOut = s.floats(count * dim, s.pick(MIXES));
    return {
      shape: `vocab ${vocab} dim ${dim} ids ${count}${withOut ? ' out' : ''}`,
      seed,
      cases: new Set(Array.from(idList, (id) => id + 0)).size * dim,
      run: (be) => ({
        out: be.embeddingScatterAdd(dOut, idList, vocab, dim, withOut ? markedOut(vocab * dim) : undefined),
      }),
    };
  });
}

export const reductionSuites: readonly KernelSuite[] = [
  { kernel: 'addRowVector', counting: 'elements', cases: addRowVectorCases },
  { kernel: 'sumRows', counting: 'output columns (each an independent sum over the rows)', cases: sumRowsCases },
  { kernel: 'sum', counting: 'calls (one sum each)', cases: sumCases },
  { kernel: 'transpose', counting: 'elements moved', cases: transposeCases },
  { kernel: 'swapAxes12', counting: 'elements moved', cases: swapAxes12Cases },
  { kernel: 'embeddingGather', counting: 'output elements', cases: () => embeddingCases('embeddingGather') },
  {
    kernel: 'embeddingScatterAdd',
    counting: 'elements of the table rows hit (each an independent sum over its ids)',
    cases: () => embeddingCases('embeddingScatterAdd'),
  },
];
