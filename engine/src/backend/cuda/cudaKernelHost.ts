import type { KernelHost } from '../kernel/kernelHost';
import { OP, UNARY, type CudaAddon } from './cudaAddon';
import { tensorId, type CudaTensor } from './cudaTensor';

const args = (...values: number[]): Float64Array => Float64Array.from(values);

/**
 * The compiled-kernel host of the CUDA backend: createKernelBackend checks every call with ref's checks
 * (over the CUDA TensorKit) and then calls these, which launch on the device. The kernel codes (binary,
 * scalar, unary, layouts) are KernelHost's, which the addon shares.
 */
export function cudaKernelHost(addon: CudaAddon, backend: string): KernelHost<CudaTensor> {
  const h = (t: CudaTensor) => tensorId(backend, t);
  return {
    matmul(a, b, out, m, k, n, layout) {
      addon.op(OP.gemm, args(h(a), h(b), h(out), m, k, n, layout, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    },
    matmulBatched(
      a,
      b,
      out,
      m,
      k,
      n,
      layout,
      count,
      group,
      aOffset,
      aOuter,
      aInner,
      bOffset,
      bOuter,
      bInner,
      outOffset,
      outOuter,
      outInner,
    ) {
      addon.op(
        OP.gemm,
        args(
          h(a),
          h(b),
          h(out),
          m,
          k,
          n,
          layout,
          count,
          group,
          aOffset,
          aOuter,
          aInner,
          bOffset,
          bOuter,
          bInner,
          outOffset,
          outOuter,
          outInner,
        ),
      );
    },
    binary(op, a, b, out) {
      addon.op(OP.binary, args(op, h(a), h(b), h(out), a.length));
    },
    scalar(op, a, s, out) {
      addon.op(OP.scalar, args(op, h(a), s, h(out), a.length));
    },
    unary(op, x, out) {
      addon.op(OP.unary, args(op, h(x), h(out), x.length));
    },
    unaryBackward(op, x, dy, out) {
      addon.op(OP.unaryBackward, args(op, h(x), h(dy), h(out), x.length));
    },
    sgdUpdate(param, grad, velocity, lr, momentum, lrwd) {
      addon.op(OP.sgd, args(h(param), h(grad), h(velocity), param.length, lr, momentum, lrwd));
    },
    adamwUpdate(param, grad, m, v, scalars) {
      addon.op(OP.adamw, args(h(param), h(grad), h(m), h(v), param.length, ...scalars));
    },
    addRowVector(a, v, out, rows, cols) {
      addon.op(OP.addRowVector, args(h(a), h(v), h(out), rows, cols));
    },
    softmaxRows(x, out, rows, cols, causal) {
      addon.op(OP.softmax, args(h(x), h(out), rows, cols, causal ? 1 : 0));
    },
    softmaxRowsBackward(y, dy, out, rows, cols) {
      addon.op(OP.softmaxBackward, args(h(y), h(dy), h(out), rows, cols));
    },
    layerNorm(x, gamma, beta, y, mean, rstd, rows, cols, eps) {
      addon.op(OP.layerNorm, args(h(x), h(gamma), h(beta), h(y), h(mean), h(rstd), rows, cols, eps));
    },
    layerNormBackward(x, gamma, mean, rstd, dy, dx, dgamma, dbeta, rows, cols) {
      addon.op(
        OP.layerNormBackward,
        args(h(x), h(gamma), h(mean), h(rstd), h(dy), h(dx), h(dgamma), h(dbeta), rows, cols),
      );
    },
    crossEntropy: (logits, targets, dlogits, rows, cols) =>
      addon.crossEntropy(h(logits), targets, h(dlogits), rows, cols),
    sumRows(a, out, rows, cols) {
      addon.op(OP.sumRows, args(h(a), h(out), rows, cols));
    },
    sum: (a) => addon.op(OP.sum, args(h(a), a.length)),
    transpose(a, out, rows, cols) {
      addon.op(OP.transpose, args(h(a), h(out), rows, cols));
    },
    swapAxes12(x, out, d0, d1, d2, d3) {
      addon.op(OP.swapAxes12, args(h(x), h(out), d0, d1, d2, d3));
    },
    embeddingGather(table, ids, out, _vocab, dim) {
      addon.gather(h(table), ids, h(out), dim);
    },
    embeddingScatterAdd(dOut, ids, out, vocab, dim) {
      addon.scatter(h(dOut), ids, h(out), vocab, dim);
    },
    /** One value through the device's own exp/log/tanh (the tests' polynomial grids). */
    poly(op, x) {
      const t = addon.upload(Float32Array.of(x));
      try {
        addon.op(OP.unary, args(UNARY.exp + op, t, t, 1));
        const out = new Float32Array(1);
        addon.download(t, out);
        return out[0]!;
      } finally {
        addon.release(t);
      }
    },
  };
}
