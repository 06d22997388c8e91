import { EngineError } from '../../errors';
import type { KernelHost } from '../kernel/kernelHost';
import { createWasmArena, type Transfer, type WasmArena, type WasmFrame } from './wasmArena';

type Kernel = (...args: number[]) => number;
type Data = Float32Array | Int32Array;

/** The module's exports the host calls (engine/native/src/wasm_entry.c; the list is in scripts/buildWasm.mjs). */
const KERNELS = [
  'vt_matmul',
  'vt_matmul_batched',
  'vt_gemm_scratch_floats',
  'vt_add',
  'vt_sub',
  'vt_mul',
  'vt_div',
  'vt_scale',
  'vt_add_scalar',
  'vt_sqrt',
  'vt_relu',
  'vt_relu_backward',
  'vt_gelu',
  'vt_gelu_backward',
  'vt_sgd_update',
  'vt_adamw_update',
  'vt_add_row_vector',
  'vt_softmax_rows',
  'vt_softmax_rows_backward',
  'vt_layer_norm',
  'vt_layer_norm_backward',
  'vt_cross_entropy',
  'vt_sum_rows',
  'vt_sum',
  'vt_transpose',
  'vt_swap_axes12',
  'vt_embedding_gather',
  'vt_embedding_scatter_add',
  'vt_exp',
  'vt_log',
  'vt_tanh',
] as const;

type Kernels = Record<(typeof KERNELS)[number], Kernel>;

export interface WasmHost {
  readonly host: KernelHost;
  readonly arena: WasmArena;
}

function kernelsOf(instance: WebAssembly.Instance): { k: Kernels; memory: WebAssembly.Memory; heapBase: number } {
  const x = instance.exports;
  const missing = KERNELS.filter((name) => typeof x[`${name}_wasm`] !== 'function');
  const memory = x.memory;
  const heapBase = x.__heap_base;
  if (!(memory instanceof WebAssembly.Memory)) missing.push('memory' as never);
  if (!(heapBase instanceof WebAssembly.Global)) missing.push('__heap_base' as never);
  if (missing.length > 0) {
    throw new EngineError(
      'BACKEND_UNAVAILABLE',
      `the wasm module lacks the exports ${missing.join(', ')} (rebuild it: npm run build:wasm -w engine)`,
      {
        details: { missing },
      },
    );
  }
  const k = Object.fromEntries(KERNELS.map((name) => [name, x[`${name}_wasm`] as Kernel])) as Kernels;
  return { k, memory: memory as WebAssembly.Memory, heapBase: (heapBase as WebAssembly.Global).value as number };
}

/**
 * A KernelHost over an instance of engine/wasm/vtf32.wasm. Every call lays its arrays out in the module's
 * memory (WasmArena), copies the inputs in, runs the kernel over the whole range in one thread and copies
 * the outputs back into the caller's arrays; addresses and sizes are wasm32 (JavaScript numbers wrap to
 * the same 32 bits). The sequences of kernel calls are the addon's (engine/native/src/addon.c), done in C
 * by wasm_entry.c.
 */
export function createWasmHost(instance: WebAssembly.Instance): WasmHost {
  const { k, memory, heapBase } = kernelsOf(instance);
  const arena = createWasmArena(memory, heapBase);
  const binary = [k.vt_add, k.vt_sub, k.vt_mul, k.vt_div];
  const scalar = [k.vt_scale, k.vt_add_scalar];
  const unary = [k.vt_sqrt, k.vt_relu, k.vt_gelu];
  const unaryBackward = [k.vt_relu_backward, k.vt_gelu_backward];
  const poly = [k.vt_exp, k.vt_log, k.vt_tanh];
  const pick = (table: Kernel[], op: number, what: string): Kernel => {
    const fn = table[op];
    if (!fn) throw new EngineError('INVALID_ARGUMENT', `wasm backend: ${what} op ${op} does not exist`);
    return fn;
  };
  /** Product scratch: the zero-skipping plan's k flags and one packed panel of b. */
  const gemmScratch = (f: WasmFrame, kk: number) =>
    [f.scratch(kk), f.scratch(4 * (k.vt_gemm_scratch_floats(kk) >>> 0))] as const;
  /** Places the arrays in order, then calls kernel(their addresses…, …rest). */
  const call = (kernel: Kernel, arrays: readonly (readonly [Data, Transfer])[], ...rest: number[]): number => {
    const f = arena.frame();
    const addresses = arrays.map(([data, transfer]) => f.place(data, transfer));
    return f.run(() => kernel(...addresses, ...rest));
  };

  const host: KernelHost = {
    matmul(a, b, out, m, kk, n, layout) {
      const f = arena.frame();
      const pa = f.place(a, 'in');
      const pb = f.place(b, 'in');
      const po = f.place(out, 'out');
      const [flags, panel] = gemmScratch(f, kk);
      f.run(() => k.vt_matmul(pa, pb, po, m, kk, n, layout, flags, panel));
    },
    matmulBatched(a, b, out, m, kk, n, layout, count, group, ...strides) {
      const f = arena.frame();
      const pa = f.place(a, 'in');
      const pb = f.place(b, 'in');
      // Only the blocks are written: the rest of `out` must come back as it was.
      const po = f.place(out, 'inout');
      const ps = f.place(Uint32Array.from(strides), 'in');
      const [flags, panel] = gemmScratch(f, kk);
      f.run(() => k.vt_matmul_batched(pa, pb, po, m, kk, n, layout, count, group, ps, flags, panel));
    },
    binary: (op, a, b, out) =>
      void call(
        pick(binary, op, 'binary'),
        [
          [a, 'in'],
          [b, 'in'],
          [out, 'out'],
        ],
        0,
        a.length,
      ),
    scalar(op, a, s, out) {
      const fn = pick(scalar, op, 'scalar');
      const f = arena.frame();
      const pa = f.place(a, 'in');
      const po = f.place(out, 'out');
      f.run(() => fn(pa, s, po, 0, a.length));
    },
    unary: (op, x, out) =>
      void call(
        pick(unary, op, 'unary'),
        [
          [x, 'in'],
          [out, 'out'],
        ],
        0,
        x.length,
      ),
    unaryBackward: (op, x, dy, out) =>
      void call(
        pick(unaryBackward, op, 'unaryBackward'),
        [
          [x, 'in'],
          [dy, 'in'],
          [out, 'out'],
        ],
        0,
        x.length,
      ),
    sgdUpdate: (param, grad, velocity, lr, momentum, lrwd) =>
      void call(
        k.vt_sgd_update,
        [
          [param, 'inout'],
          [grad, 'in'],
          [velocity, 'inout'],
        ],
        lr,
        momentum,
        lrwd,
        0,
        param.length,
      ),
    adamwUpdate: (param, grad, m, v, scalars) =>
      void call(
        k.vt_adamw_update,
        [
          [param, 'inout'],
          [grad, 'in'],
          [m, 'inout'],
          [v, 'inout'],
          [scalars, 'in'],
        ],
        0,
        param.length,
      ),
    addRowVector: (a, v, out, rows, cols) =>
      void call(
        k.vt_add_row_vector,
        [
          [a, 'in'],
          [v, 'in'],
          [out, 'out'],
        ],
        cols,
        0,
        rows,
      ),
    softmaxRows: (x, out, rows, cols, causal) =>
      void call(
        k.vt_softmax_rows,
        [
          [x, 'in'],
          [out, 'out'],
        ],
        cols,
        causal ? 1 : 0,
        0,
        rows,
      ),
    softmaxRowsBackward: (y, dy, out, rows, cols) =>
      void call(
        k.vt_softmax_rows_backward,
        [
          [y, 'in'],
          [dy, 'in'],
          [out, 'out'],
        ],
        cols,
        0,
        rows,
      ),
    layerNorm: (x, gamma, beta, y, mean, rstd, rows, cols, eps) =>
      void call(
        k.vt_layer_norm,
        [
          [x, 'in'],
          [gamma, 'in'],
          [beta, 'in'],
          [y, 'out'],
          [mean, 'out'],
          [rstd, 'out'],
        ],
        cols,
        eps,
        0,
        rows,
      ),
    layerNormBackward: (x, gamma, mean, rstd, dy, dx, dgamma, dbeta, rows, cols) =>
      void call(
        k.vt_layer_norm_backward,
        [
          [x, 'in'],
          [gamma, 'in'],
          [mean, 'in'],
          [rstd, 'in'],
          [dy, 'in'],
          [dx, 'out'],
          [dgamma, 'out'],
          [dbeta, 'out'],
        ],
        rows,
        cols,
      ),
    crossEntropy(logits, targets, dlogits, rows, cols) {
      const f = arena.frame();
      const pl = f.place(logits, 'in');
      const pt = f.place(targets, 'in');
      const pd = f.place(dlogits, 'out');
      const rowLoss = f.scratch(4 * rows);
      return f.run(() => k.vt_cross_entropy(pl, pt, pd, rowLoss, rows, cols));
    },
    sumRows: (a, out, rows, cols) =>
      void call(
        k.vt_sum_rows,
        [
          [a, 'in'],
          [out, 'out'],
        ],
        rows,
        cols,
        0,
        cols,
      ),
    sum: (a) => call(k.vt_sum, [[a, 'in']], a.length),
    transpose: (a, out, rows, cols) =>
      void call(
        k.vt_transpose,
        [
          [a, 'in'],
          [out, 'out'],
        ],
        rows,
        cols,
        0,
        rows,
      ),
    swapAxes12: (x, out, d0, d1, d2, d3) =>
      void call(
        k.vt_swap_axes12,
        [
          [x, 'in'],
          [out, 'out'],
        ],
        d1,
        d2,
        d3,
        0,
        d0,
      ),
    embeddingGather: (table, ids, out, _vocab, dim) =>
      void call(
        k.vt_embedding_gather,
        [
          [table, 'in'],
          [ids, 'in'],
          [out, 'out'],
        ],
        dim,
        0,
        ids.length,
      ),
    embeddingScatterAdd(dOut, ids, out, vocab, dim) {
      const f = arena.frame();
      const pd = f.place(dOut, 'in');
      const pi = f.place(ids, 'in');
      const po = f.place(out, 'out');
      f.run(() => k.vt_embedding_scatter_add(pd, pi, ids.length, po, vocab, dim, 0, dim));
    },
    poly: (op, x) => pick(poly, op, 'poly')(x),
  };
  return { host, arena };
}
