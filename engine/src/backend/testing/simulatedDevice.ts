/**
 * Test fixture: a device backend without a device. Its tensors are opaque handles whose data lives in a
 * private Map, so code that reads a tensor's elements instead of downloading it gets nothing; it computes
 * by delegating to a host backend, and counts what crosses the host–device boundary. It checks its
 * arguments as a real device backend would: with ref's checks over its own TensorKit, then the host kernel
 * writes into the output handle's storage.
 */
import { EngineError } from '../../errors';
import type { Backend } from '../backend';
import { isAllFinite } from '../hostTensors';
import { createTensorScopes } from '../tensorScopes';
import { checkBatchedMatmul, checkDim, checkLength, type TensorKit } from '../ref/checks';
import { refBackend } from '../ref/index';
import {
  checkAdamwUpdate,
  checkCrossEntropy,
  checkLayerNorm,
  checkLayerNormBackward,
  checkSgdUpdate,
  prepareAddRowVector,
  prepareBinary,
  prepareEmbeddingGather,
  prepareEmbeddingScatterAdd,
  prepareMatmul,
  prepareSoftmaxRows,
  prepareSoftmaxRowsBackward,
  prepareSumRows,
  prepareSwapAxes12,
  prepareTranspose,
  prepareUnary,
  prepareUnaryBackward,
} from '../ref/validate';

const ID = Symbol('simulated device tensor');

/** A handle to a simulated device tensor: its length and a hidden id, nothing to index. */
export type SimTensor = { readonly length: number; readonly [ID]: number };

export type SimulatedDeviceStats = {
  /** upload calls and the floats they copied in. */
  readonly uploads: number;
  readonly uploadedFloats: number;
  /** download calls and the floats they copied out. */
  readonly downloads: number;
  readonly downloadedFloats: number;
  /** Tensors allocated and not yet freed, and the most there ever were at once. */
  readonly live: number;
  readonly peakLive: number;
  /** Tensors allocated so far (uploads, zeros, kernel outputs). */
  readonly allocated: number;
};

export interface SimulatedDevice extends Backend<SimTensor> {
  /** The counters now (a snapshot). */
  stats(): SimulatedDeviceStats;
  /** The kit its argument checks use (alloc: a new scoped tensor; overlaps: the same tensor). */
  readonly kit: TensorKit<SimTensor>;
  /** The host backend it computes with. */
  readonly inner: Backend;
}

/** A simulated device backend (`sim-<inner>`, residency 'device') computing with `inner`. */
export function createSimulatedDevice(inner: Backend = refBackend): SimulatedDevice {
  const name = `sim-${inner.name}`;
  const store = new Map<SimTensor, Float32Array>();
  const scopes = createTensorScopes<SimTensor>(name, (t) => store.delete(t));
  let nextId = 1;
  const counts = { uploads: 0, uploadedFloats: 0, downloads: 0, downloadedFloats: 0, peakLive: 0, allocated: 0 };

  function track(data: Float32Array): SimTensor {
    const t: SimTensor = Object.freeze({ length: data.length, [ID]: nextId++ });
    store.set(t, data);
    scopes.adopt(t);
    counts.allocated++;
    counts.peakLive = Math.max(counts.peakLive, store.size);
    return t;
  }

  /** The storage of a live tensor of this device. */
  function h(t: SimTensor): Float32Array {
    const data = store.get(t);
    if (data !== undefined) return data;
    const id = typeof t === 'object' && t !== null ? (t as Partial<SimTensor>)[ID] : undefined;
    throw new EngineError(
      'INVALID_ARGUMENT',
      id === undefined
        ? `${name}: ${Object.prototype.toString.call(t)} is not a tensor of this device`
        : `${name}: tensor #${id} was freed or belongs to another device`,
      { details: { backend: name, id } },
    );
  }

  const kit: TensorKit<SimTensor> = {
    alloc: (length) => track(new Float32Array(length)),
    overlaps: (a, b) => a === b,
  };

  /** A kernel with an output: inputs looked up first, then ref's checks on the handles (allocating the output), then the host kernel. */
  function compute(
    inputs: readonly SimTensor[],
    prepare: () => SimTensor,
    run: (x: Float32Array[], out: Float32Array) => unknown,
  ): SimTensor {
    const hosts = inputs.map(h);
    const r = prepare();
    run(hosts, h(r));
    return r;
  }
  const binary = (op: 'add' | 'sub' | 'mul' | 'div') => (a: SimTensor, b: SimTensor, out?: SimTensor) =>
    compute(
      [a, b],
      () => prepareBinary(op, a, b, out, kit),
      ([ha, hb], r) => inner[op](ha!, hb!, r),
    );
  const unary = (op: 'sqrt' | 'relu' | 'gelu') => (x: SimTensor, out?: SimTensor) =>
    compute(
      [x],
      () => prepareUnary(op, x, out, kit),
      ([hx], r) => inner[op](hx!, r),
    );
  const scalar = (op: 'scale' | 'addScalar') => (a: SimTensor, s: number, out?: SimTensor) =>
    compute(
      [a],
      () => prepareUnary(op, a, out, kit),
      ([ha], r) => inner[op](ha!, s, r),
    );
  const unaryBackward = (op: 'reluBackward' | 'geluBackward') => (x: SimTensor, dy: SimTensor, out?: SimTensor) =>
    compute(
      [x, dy],
      () => prepareUnaryBackward(op, x, dy, out, kit),
      ([hx, hdy], r) => inner[op](hx!, hdy!, r),
    );
  const product =
    (op: 'matmul' | 'matmulTransB' | 'matmulTransA') =>
    (a: SimTensor, b: SimTensor, m: number, k: number, n: number, out?: SimTensor) => {
      const aLength = op === 'matmulTransA' ? k * m : m * k;
      const bLength = op === 'matmulTransB' ? n * k : k * n;
      return compute(
        [a, b],
        () => prepareMatmul(op, a, aLength, b, bLength, m, k, n, out, kit),
        ([ha, hb], r) => inner[op](ha!, hb!, m, k, n, r),
      );
    };

  return {
    name,
    residency: 'device',
    kit,
    inner,
    stats: () => ({ ...counts, live: store.size }),
    upload(data) {
      counts.uploads++;
      counts.uploadedFloats += data.length;
      return track(Float32Array.from(data));
    },
    download(t, out) {
      const data = h(t);
      counts.downloads++;
      counts.downloadedFloats += data.length;
      if (out === undefined) return data.slice();
      checkLength('download', 'out', out, t.length);
      out.set(data);
      return out;
    },
    zeros(length) {
      checkDim('zeros', 'length', length);
      return kit.alloc(length);
    },
    release(t) {
      if (store.has(t)) store.delete(t);
      else if (typeof t !== 'object' || t === null || !(ID in t)) h(t);
    },
    scope: (fn) => scopes.scope(fn),
    keep(t) {
      h(t);
      return scopes.keep(t);
    },
    allFinite: (t) => isAllFinite(h(t)),

    matmul: product('matmul'),
    matmulTransB: product('matmulTransB'),
    matmulTransA: product('matmulTransA'),
    matmulBatched(a, b, shape, out) {
      const checked = () => {
        checkBatchedMatmul(a, b, shape, out, kit);
        return out;
      };
      return compute([a, b], checked, ([ha, hb], r) => inner.matmulBatched(ha!, hb!, shape, r));
    },
    transpose: (a, rows, cols, out) =>
      compute(
        [a],
        () => prepareTranspose(a, rows, cols, out, kit),
        ([ha], r) => inner.transpose(ha!, rows, cols, r),
      ),
    swapAxes12: (x, d0, d1, d2, d3, out) =>
      compute(
        [x],
        () => prepareSwapAxes12(x, d0, d1, d2, d3, out, kit),
        ([hx], r) => inner.swapAxes12(hx!, d0, d1, d2, d3, r),
      ),
    addRowVector: (a, v, rows, cols, out) =>
      compute(
        [a, v],
        () => prepareAddRowVector(a, v, rows, cols, out, kit),
        ([ha, hv], r) => inner.addRowVector(ha!, hv!, rows, cols, r),
      ),
    sumRows: (a, rows, cols, out) =>
      compute(
        [a],
        () => prepareSumRows(a, rows, cols, out, kit),
        ([ha], r) => inner.sumRows(ha!, rows, cols, r),
      ),
    sum: (a) => inner.sum(h(a)),
    add: binary('add'),
    sub: binary('sub'),
    mul: binary('mul'),
    div: binary('div'),
    scale: scalar('scale'),
    addScalar: scalar('addScalar'),
    sqrt: unary('sqrt'),
    relu: unary('relu'),
    gelu: unary('gelu'),
    reluBackward: unaryBackward('reluBackward'),
    geluBackward: unaryBackward('geluBackward'),
    softmaxRows: (x, rows, cols, causal = false, out) =>
      compute(
        [x],
        () => prepareSoftmaxRows(x, rows, cols, causal, out, kit),
        ([hx], r) => inner.softmaxRows(hx!, rows, cols, causal, r),
      ),
    softmaxRowsBackward: (y, dy, rows, cols, out) =>
      compute(
        [y, dy],
        () => prepareSoftmaxRowsBackward(y, dy, rows, cols, out, kit),
        ([hy, hdy], r) => inner.softmaxRowsBackward(hy!, hdy!, rows, cols, r),
      ),
    layerNorm(x, gamma, beta, rows, cols, eps) {
      checkLayerNorm(x, gamma, beta, rows, cols);
      const { y, mean, rstd } = inner.layerNorm(h(x), h(gamma), h(beta), rows, cols, eps);
      return { y: track(y), mean: track(mean), rstd: track(rstd) };
    },
    layerNormBackward(x, gamma, mean, rstd, dy, rows, cols) {
      checkLayerNormBackward(x, gamma, mean, rstd, dy, rows, cols);
      const g = inner.layerNormBackward(h(x), h(gamma), h(mean), h(rstd), h(dy), rows, cols);
      return { dx: track(g.dx), dgamma: track(g.dgamma), dbeta: track(g.dbeta) };
    },
    crossEntropy(logits, targets, rows, cols) {
      checkCrossEntropy(logits, targets, rows, cols);
      const { loss, dlogits } = inner.crossEntropy(h(logits), targets, rows, cols);
      return { loss, dlogits: track(dlogits) };
    },
    embeddingGather: (table, ids, vocab, dim, out) =>
      compute(
        [table],
        () => prepareEmbeddingGather(table, ids, vocab, dim, out, kit),
        ([ht], r) => inner.embeddingGather(ht!, ids, vocab, dim, r),
      ),
    embeddingScatterAdd: (dOut, ids, vocab, dim, out) =>
      compute(
        [dOut],
        () => prepareEmbeddingScatterAdd(dOut, ids, vocab, dim, out, kit),
        ([hd], r) => inner.embeddingScatterAdd(hd!, ids, vocab, dim, r),
      ),
    sgdUpdate(param, grad, velocity, s) {
      checkSgdUpdate(param, grad, velocity);
      inner.sgdUpdate(h(param), h(grad), h(velocity), s);
    },
    adamwUpdate(param, grad, m, v, s) {
      checkAdamwUpdate(param, grad, m, v);
      inner.adamwUpdate(h(param), h(grad), h(m), h(v), s);
    },
  };
}
