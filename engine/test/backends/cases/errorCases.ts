import type { Backend, BatchedMatmulShape } from '../../../src/backend/index';

/** A bad call of one kernel; on ref it throws an EngineError whose code and message every backend must match. */
export type ErrorCase = { readonly kernel: string; readonly label: string; call(be: Backend): unknown };

const f = (n: number) => new Float32Array(n);
const sgd = { lr: 0.1, momentum: 0.9, lrwd: 0 };
const adamw = { beta1: 0.9, beta2: 0.999, c1: 0.1, c2: 0.001, lr: 0.001, eps: 1e-8, lrwd: 0, bc1: 0.1, bc2: 0.001 };

function productCases(kernel: 'matmul' | 'matmulTransB' | 'matmulTransA'): ErrorCase[] {
  const shared = new Float32Array(12);
  const cases: [string, (be: Backend) => unknown][] = [
    ['a too short', (be) => be[kernel](f(5), f(6), 2, 3, 2)],
    ['b too long', (be) => be[kernel](f(6), f(7), 2, 3, 2)],
    ['m negative', (be) => be[kernel](f(0), f(6), -1, 3, 2)],
    ['k not an integer', (be) => be[kernel](f(3), f(3), 2, 1.5, 2)],
    ['n NaN', (be) => be[kernel](f(6), f(0), 2, 3, NaN)],
    ['k not a safe integer', (be) => be[kernel](f(0), f(0), 0, 2 ** 53, 0)],
    ['out of the wrong length', (be) => be[kernel](f(6), f(6), 2, 3, 2, f(5))],
    [
      'out is a',
      (be) => {
        const a = f(4);
        return be[kernel](a, f(4), 2, 2, 2, a);
      },
    ],
    ['out overlaps b', (be) => be[kernel](f(4), shared.subarray(0, 4), 2, 2, 2, shared.subarray(2, 6))],
    ['bad dimension and bad length: the dimension is reported', (be) => be[kernel](f(1), f(1), 2, -3, 2)],
  ];
  return cases.map(([label, call]) => ({ kernel, label, call }));
}

function batched(
  overrides: Partial<BatchedMatmulShape>,
  aLength = 64,
  bLength = 64,
  outLength = 64,
): (be: Backend) => unknown {
  const shape: BatchedMatmulShape = {
    layout: 'nn',
    m: 2,
    k: 2,
    n: 2,
    count: 4,
    group: 2,
    a: { offset: 0, outer: 8, inner: 4 },
    b: { offset: 0, outer: 8, inner: 4 },
    out: { offset: 0, outer: 8, inner: 4 },
    ...overrides,
  };
  return (be) => be.matmulBatched(f(aLength), f(bLength), shape, f(outLength));
}

function batchedCases(): ErrorCase[] {
  const cases: [string, (be: Backend) => unknown][] = [
    ['layout unknown', batched({ layout: 'tt' as 'nn' })],
    ['group 0', batched({ group: 0 })],
    ['count negative', batched({ count: -1 })],
    ['m not an integer', batched({ m: 2.5 })],
    ['a stride negative', batched({ a: { offset: 0, outer: -8, inner: 4 } })],
    ['a too short for its blocks', batched({}, 15)],
    ['out too short for its blocks', batched({}, 64, 64, 15)],
    ['out blocks overlap (inner < block)', batched({ out: { offset: 0, outer: 8, inner: 3 } })],
    ['out groups overlap (outer too small)', batched({ out: { offset: 0, outer: 7, inner: 4 } })],
    [
      'out is b',
      (be) => {
        const b = f(64);
        return be.matmulBatched(
          f(64),
          b,
          {
            layout: 'nt',
            m: 2,
            k: 2,
            n: 2,
            count: 1,
            group: 1,
            a: { offset: 0, outer: 0, inner: 0 },
            b: { offset: 0, outer: 0, inner: 0 },
            out: { offset: 8, outer: 0, inner: 0 },
          },
          b,
        );
      },
    ],
  ];
  return cases.map(([label, call]) => ({ kernel: 'matmulBatched', label, call }));
}

const table: Record<string, [string, (be: Backend) => unknown][]> = {
  transpose: [
    ['a of the wrong length', (be) => be.transpose(f(5), 2, 3)],
    ['rows negative', (be) => be.transpose(f(0), -2, 0)],
    ['out of the wrong length', (be) => be.transpose(f(6), 2, 3, f(7))],
    [
      'out is a',
      (be) => {
        const a = f(6);
        return be.transpose(a, 2, 3, a);
      },
    ],
  ],
  swapAxes12: [
    ['x of the wrong length', (be) => be.swapAxes12(f(23), 1, 2, 3, 4)],
    ['d2 negative', (be) => be.swapAxes12(f(0), 1, 2, -3, 0)],
    ['out of the wrong length', (be) => be.swapAxes12(f(24), 1, 2, 3, 4, f(25))],
    [
      'out overlaps x',
      (be) => {
        const x = f(30);
        return be.swapAxes12(x.subarray(0, 24), 1, 2, 3, 4, x.subarray(6, 30));
      },
    ],
  ],
  addRowVector: [
    ['v of the wrong length', (be) => be.addRowVector(f(6), f(2), 2, 3)],
    ['a of the wrong length', (be) => be.addRowVector(f(5), f(3), 2, 3)],
    ['cols not an integer', (be) => be.addRowVector(f(6), f(3), 2, 3.5)],
    ['out of the wrong length', (be) => be.addRowVector(f(6), f(3), 2, 3, f(3))],
  ],
  sumRows: [
    ['a of the wrong length', (be) => be.sumRows(f(5), 2, 3)],
    ['cols negative', (be) => be.sumRows(f(0), 0, -1)],
    ['out of the wrong length', (be) => be.sumRows(f(6), 2, 3, f(6))],
  ],
  softmaxRows: [
    ['causal with rows not a multiple of cols', (be) => be.softmaxRows(f(15), 5, 3, true)],
    ['x of the wrong length', (be) => be.softmaxRows(f(14), 5, 3)],
    ['rows negative', (be) => be.softmaxRows(f(0), -5, 0)],
    ['out of the wrong length', (be) => be.softmaxRows(f(15), 5, 3, false, f(16))],
    [
      'out is x',
      (be) => {
        const x = f(9);
        return be.softmaxRows(x, 3, 3, true, x);
      },
    ],
  ],
  softmaxRowsBackward: [
    ['y of the wrong length', (be) => be.softmaxRowsBackward(f(5), f(6), 2, 3)],
    ['dy of the wrong length', (be) => be.softmaxRowsBackward(f(6), f(7), 2, 3)],
    [
      'out is dy',
      (be) => {
        const dy = f(6);
        return be.softmaxRowsBackward(f(6), dy, 2, 3, dy);
      },
    ],
    [
      'out overlaps y',
      (be) => {
        const y = f(12);
        return be.softmaxRowsBackward(y.subarray(0, 6), f(6), 2, 3, y.subarray(5, 11));
      },
    ],
  ],
  layerNorm: [
    ['gamma of the wrong length', (be) => be.layerNorm(f(6), f(2), f(3), 2, 3, 1e-5)],
    ['beta of the wrong length', (be) => be.layerNorm(f(6), f(3), f(4), 2, 3, 1e-5)],
    ['x of the wrong length', (be) => be.layerNorm(f(7), f(3), f(3), 2, 3, 1e-5)],
    ['cols above 2^24 (a binary32 divisor)', (be) => be.layerNorm(f(0), f(0), f(0), 0, 2 ** 24 + 1, 1e-5)],
    ['rows not an integer', (be) => be.layerNorm(f(6), f(3), f(3), 1.5, 3, 1e-5)],
  ],
  layerNormBackward: [
    ['mean of the wrong length', (be) => be.layerNormBackward(f(6), f(3), f(3), f(2), f(6), 2, 3)],
    ['rstd of the wrong length', (be) => be.layerNormBackward(f(6), f(3), f(2), f(1), f(6), 2, 3)],
    ['dy of the wrong length', (be) => be.layerNormBackward(f(6), f(3), f(2), f(2), f(5), 2, 3)],
    ['gamma of the wrong length', (be) => be.layerNormBackward(f(6), f(4), f(2), f(2), f(6), 2, 3)],
    ['cols above 2^24', (be) => be.layerNormBackward(f(0), f(0), f(0), f(0), f(0), 0, 2 ** 24 + 1)],
  ],
  crossEntropy: [
    ['a target equal to cols', (be) => be.crossEntropy(f(6), [0, 3], 2, 3)],
    ['a negative target', (be) => be.crossEntropy(f(6), Int32Array.of(-1, 0), 2, 3)],
    ['a target not an integer', (be) => be.crossEntropy(f(6), [0, 1.5], 2, 3)],
    ['a NaN target', (be) => be.crossEntropy(f(6), [NaN, 0], 2, 3)],
    ['targets of the wrong length', (be) => be.crossEntropy(f(6), [0], 2, 3)],
    ['logits of the wrong length', (be) => be.crossEntropy(f(5), [0, 0], 2, 3)],
    ['rows above 2^24', (be) => be.crossEntropy(f(0), [], 2 ** 24 + 1, 0)],
    ['cols 0 with rows', (be) => be.crossEntropy(f(0), [0], 1, 0)],
  ],
  embeddingGather: [
    ['an id equal to vocab', (be) => be.embeddingGather(f(12), [0, 3], 3, 4)],
    ['a negative id', (be) => be.embeddingGather(f(12), Int32Array.of(-1), 3, 4)],
    ['an id not an integer', (be) => be.embeddingGather(f(12), [0.5], 3, 4)],
    ['table of the wrong length', (be) => be.embeddingGather(f(11), [0], 3, 4)],
    ['out of the wrong length', (be) => be.embeddingGather(f(12), [0, 1], 3, 4, f(4))],
    [
      'out is the table',
      (be) => {
        const t = f(12);
        return be.embeddingGather(t, [0, 1, 2], 3, 4, t);
      },
    ],
  ],
  embeddingScatterAdd: [
    ['an id equal to vocab', (be) => be.embeddingScatterAdd(f(8), [0, 3], 3, 4)],
    ['dOut of the wrong length', (be) => be.embeddingScatterAdd(f(7), [0, 1], 3, 4)],
    ['out of the wrong length', (be) => be.embeddingScatterAdd(f(8), [0, 1], 3, 4, f(8))],
    [
      'out overlaps dOut',
      (be) => {
        const buf = f(20);
        return be.embeddingScatterAdd(buf.subarray(0, 8), [0, 1], 3, 4, buf.subarray(4, 16));
      },
    ],
  ],
  download: [['out of the wrong length', (be) => be.download(f(4), f(3))]],
  zeros: [
    ['length negative', (be) => be.zeros(-1)],
    ['length not an integer', (be) => be.zeros(2.5)],
  ],
  sgdUpdate: [
    ['grad of the wrong length', (be) => be.sgdUpdate(f(4), f(3), f(4), sgd)],
    ['velocity of the wrong length', (be) => be.sgdUpdate(f(4), f(4), f(5), sgd)],
  ],
  adamwUpdate: [
    ['grad of the wrong length', (be) => be.adamwUpdate(f(4), f(3), f(4), f(4), adamw)],
    ['m of the wrong length', (be) => be.adamwUpdate(f(4), f(4), f(5), f(4), adamw)],
    ['v of the wrong length', (be) => be.adamwUpdate(f(4), f(4), f(4), f(0), adamw)],
  ],
};

for (const op of ['add', 'sub', 'mul', 'div'] as const) {
  table[op] = [
    ['b of the wrong length', (be) => be[op](f(4), f(5))],
    ['out of the wrong length', (be) => be[op](f(4), f(4), f(3))],
  ];
}
for (const op of ['sqrt', 'relu', 'gelu'] as const)
  table[op] = [['out of the wrong length', (be) => be[op](f(4), f(5))]];
for (const op of ['scale', 'addScalar'] as const)
  table[op] = [['out of the wrong length', (be) => be[op](f(4), 2, f(0))]];
for (const op of ['reluBackward', 'geluBackward'] as const) {
  table[op] = [
    ['dy of the wrong length', (be) => be[op](f(4), f(3))],
    ['out of the wrong length', (be) => be[op](f(4), f(4), f(5))],
  ];
}

/** Every kernel's bad calls, and those of download and zeros (sum has none: any Float32Array is a valid input). */
export const ERROR_CASES: readonly ErrorCase[] = [
  ...productCases('matmul'),
  ...productCases('matmulTransB'),
  ...productCases('matmulTransA'),
  ...batchedCases(),
  ...Object.entries(table).flatMap(([kernel, list]) => list.map(([label, call]) => ({ kernel, label, call }))),
];
