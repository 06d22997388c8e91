import type { Backend, BatchedMatmulShape, TensorLike } from '../backend';
import { hostTensors, type TensorMembers } from '../hostTensors';
import { checkBatchedMatmul, hostKit, type TensorKit } from '../ref/checks';
import {
  checkAdamwUpdate,
  checkSgdUpdate,
  prepareAddRowVector,
  prepareBinary,
  prepareUnary,
  prepareUnaryBackward,
  prepareEmbeddingGather,
  prepareEmbeddingScatterAdd,
  prepareSumRows,
  prepareSwapAxes12,
  prepareTranspose,
  checkCrossEntropy,
  checkLayerNorm,
  checkLayerNormBackward,
  prepareMatmul,
  prepareSoftmaxRows,
  prepareSoftmaxRowsBackward,
} from '../ref/validate';
import type { KernelHost } from './kernelHost';

const fround = Math.fround;
const LAYOUT = { nn: 0, nt: 2, tn: 1 } as const;

function int32(ids: ArrayLike<number>): Int32Array {
  return ids instanceof Int32Array ? ids : Int32Array.from(ids);
}

/**
 * A Backend over compiled kernels. Every argument is checked here exactly as the ref backend checks it
 * (the same functions, so the same EngineError codes and messages), outputs are allocated here (through
 * `kit`), and the host computes in place. The arithmetic is the host's; the differential tests hold it to
 * ref's bits. Host backends (native, wasm) leave `tensors` and `kit` out; a device backend (cuda) passes
 * its tensor members and kit, and its host works on its tensors.
 */
export function createKernelBackend(name: string, host: KernelHost): Backend;
export function createKernelBackend<T extends TensorLike>(
  name: string,
  host: KernelHost<T>,
  tensors: Pick<Backend<T>, TensorMembers>,
  kit: TensorKit<T>,
): Backend<T>;
export function createKernelBackend<T extends TensorLike>(
  name: string,
  host: KernelHost<T>,
  tensors: Pick<Backend<T>, TensorMembers> = hostTensors as unknown as Pick<Backend<T>, TensorMembers>,
  kit: TensorKit<T> = hostKit as unknown as TensorKit<T>,
): Backend<T> {
  function mm(
    op: string,
    a: T,
    aLen: number,
    b: T,
    bLen: number,
    m: number,
    k: number,
    n: number,
    layout: number,
    out?: T,
  ) {
    const r = prepareMatmul(op, a, aLen, b, bLen, m, k, n, out, kit);
    host.matmul(a, b, r, m, k, n, layout);
    return r;
  }
  function binary(op: string, code: number, a: T, b: T, out?: T) {
    const r = prepareBinary(op, a, b, out, kit);
    host.binary(code, a, b, r);
    return r;
  }
  function unary(op: string, code: number, x: T, out?: T) {
    const r = prepareUnary(op, x, out, kit);
    host.unary(code, x, r);
    return r;
  }
  function unaryBackward(op: string, code: number, x: T, dy: T, out?: T) {
    const r = prepareUnaryBackward(op, x, dy, out, kit);
    host.unaryBackward(code, x, dy, r);
    return r;
  }
  return {
    name,
    ...tensors,
    matmul: (a, b, m, k, n, out) => mm('matmul', a, m * k, b, k * n, m, k, n, LAYOUT.nn, out),
    matmulTransB: (a, b, m, k, n, out) => mm('matmulTransB', a, m * k, b, n * k, m, k, n, LAYOUT.nt, out),
    matmulTransA: (a, b, m, k, n, out) => mm('matmulTransA', a, k * m, b, k * n, m, k, n, LAYOUT.tn, out),
    matmulBatched(a: T, b: T, s: BatchedMatmulShape, out: T) {
      checkBatchedMatmul(a, b, s, out, kit);
      host.matmulBatched(
        a,
        b,
        out,
        s.m,
        s.k,
        s.n,
        LAYOUT[s.layout],
        s.count,
        s.group,
        s.a.offset,
        s.a.outer,
        s.a.inner,
        s.b.offset,
        s.b.outer,
        s.b.inner,
        s.out.offset,
        s.out.outer,
        s.out.inner,
      );
      return out;
    },
    transpose(a, rows, cols, out) {
      const r = prepareTranspose(a, rows, cols, out, kit);
      host.transpose(a, r, rows, cols);
      return r;
    },
    swapAxes12(x, d0, d1, d2, d3, out) {
      const r = prepareSwapAxes12(x, d0, d1, d2, d3, out, kit);
      host.swapAxes12(x, r, d0, d1, d2, d3);
      return r;
    },
    addRowVector(a, v, rows, cols, out) {
      const r = prepareAddRowVector(a, v, rows, cols, out, kit);
      host.addRowVector(a, v, r, rows, cols);
      return r;
    },
    sumRows(a, rows, cols, out) {
      const r = prepareSumRows(a, rows, cols, out, kit);
      // The host kernels accumulate in the output: a fresh one when the caller's overlaps the input.
      // (A device kernel sums each column in a register and writes it once, so it needs none.)
      if (tensors.residency === 'host' && kit.overlaps(r, a)) {
        const acc = new Float32Array(cols);
        host.sumRows(a, acc as unknown as T, rows, cols);
        (r as unknown as Float32Array).set(acc);
        return r;
      }
      host.sumRows(a, r, rows, cols);
      return r;
    },
    sum: (a) => host.sum(a),
    add: (a, b, out) => binary('add', 0, a, b, out),
    sub: (a, b, out) => binary('sub', 1, a, b, out),
    mul: (a, b, out) => binary('mul', 2, a, b, out),
    div: (a, b, out) => binary('div', 3, a, b, out),
    scale(a, s, out) {
      const r = prepareUnary('scale', a, out, kit);
      host.scalar(0, a, fround(s), r);
      return r;
    },
    addScalar(a, s, out) {
      const r = prepareUnary('addScalar', a, out, kit);
      host.scalar(1, a, fround(s), r);
      return r;
    },
    sqrt: (a, out) => unary('sqrt', 0, a, out),
    relu: (x, out) => unary('relu', 1, x, out),
    gelu: (x, out) => unary('gelu', 2, x, out),
    reluBackward: (x, dy, out) => unaryBackward('reluBackward', 0, x, dy, out),
    geluBackward: (x, dy, out) => unaryBackward('geluBackward', 1, x, dy, out),
    softmaxRows(x, rows, cols, causal = false, out) {
      const r = prepareSoftmaxRows(x, rows, cols, causal, out, kit);
      if (rows > 0 && cols > 0) host.softmaxRows(x, r, rows, cols, causal);
      return r;
    },
    softmaxRowsBackward(y, dy, rows, cols, out) {
      const r = prepareSoftmaxRowsBackward(y, dy, rows, cols, out, kit);
      host.softmaxRowsBackward(y, dy, r, rows, cols);
      return r;
    },
    layerNorm(x, gamma, beta, rows, cols, eps) {
      checkLayerNorm(x, gamma, beta, rows, cols);
      const y = kit.alloc(rows * cols);
      const mean = kit.alloc(rows);
      const rstd = kit.alloc(rows);
      host.layerNorm(x, gamma, beta, y, mean, rstd, rows, cols, fround(eps));
      return { y, mean, rstd };
    },
    layerNormBackward(x, gamma, mean, rstd, dy, rows, cols) {
      checkLayerNormBackward(x, gamma, mean, rstd, dy, rows, cols);
      const dx = kit.alloc(rows * cols);
      const dgamma = kit.alloc(cols);
      const dbeta = kit.alloc(cols);
      host.layerNormBackward(x, gamma, mean, rstd, dy, dx, dgamma, dbeta, rows, cols);
      return { dx, dgamma, dbeta };
    },
    crossEntropy(logits, targets, rows, cols) {
      checkCrossEntropy(logits, targets, rows, cols);
      const dlogits = kit.alloc(rows * cols);
      if (rows === 0 || cols === 0) return { loss: NaN, dlogits };
      const loss = host.crossEntropy(logits, int32(targets), dlogits, rows, cols);
      return { loss, dlogits };
    },
    embeddingGather(table, ids, vocab, dim, out) {
      const r = prepareEmbeddingGather(table, ids, vocab, dim, out, kit);
      host.embeddingGather(table, int32(ids), r, vocab, dim);
      return r;
    },
    embeddingScatterAdd(dOut, ids, vocab, dim, out) {
      const r = prepareEmbeddingScatterAdd(dOut, ids, vocab, dim, out, kit);
      host.embeddingScatterAdd(dOut, int32(ids), r, vocab, dim);
      return r;
    },
    sgdUpdate(param, grad, velocity, s) {
      checkSgdUpdate(param, grad, velocity);
      host.sgdUpdate(param, grad, velocity, fround(s.lr), fround(s.momentum), fround(s.lrwd));
    },
    adamwUpdate(param, grad, m, v, s) {
      checkAdamwUpdate(param, grad, m, v);
      const scalars = Float32Array.of(s.beta1, s.beta2, s.c1, s.c2, s.lr, s.eps, s.lrwd, s.bc1, s.bc2);
      host.adamwUpdate(param, grad, m, v, scalars);
    },
  };
}
