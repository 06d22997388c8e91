import type { Backend, TensorLike } from '../backend';
import { hostTensors } from '../hostTensors';

/** A device backend that can mirror a host view (so overlap checks see what the host would). */
export type ViewableDevice<T extends TensorLike> = Backend<T> & { uploadView(data: Float32Array): T };

/**
 * A host Backend over a device backend: every call uploads its array arguments (one tensor per distinct
 * array object, so `out` given as an input aliases it on the device too), runs the device kernel in a
 * scope, and downloads the results into the caller's arrays (in place for `out` and the optimizer
 * updates). This is how the op-level tests (goldens, differential, error parity) hold a device's kernels
 * to ref's bits through the same calls; training uses the device backend itself, whose state stays on the
 * device.
 */
export function hostAdapter<T extends TensorLike>(device: ViewableDevice<T>): Backend {
  function call<R>(fn: (t: (a: Float32Array) => T) => R): R {
    return device.scope(() => {
      const tensors = new Map<Float32Array, T>();
      const t = (a: Float32Array): T => {
        if (!(a instanceof Float32Array)) return a as unknown as T; // the device's checks name it
        let x = tensors.get(a);
        if (x === undefined) {
          x = device.uploadView(a);
          tensors.set(a, x);
        }
        return x;
      };
      return fn(t);
    });
  }
  const back = (r: T, out: Float32Array | undefined): Float32Array => device.download(r, out);
  const opt = <A>(t: (a: Float32Array) => T, x: A | undefined) =>
    x === undefined ? undefined : t(x as unknown as Float32Array);

  return {
    ...hostTensors,
    name: `${device.name}-via-host`,
    matmul: (a, b, m, k, n, out) => call((t) => back(device.matmul(t(a), t(b), m, k, n, opt(t, out)), out)),
    matmulTransB: (a, b, m, k, n, out) => call((t) => back(device.matmulTransB(t(a), t(b), m, k, n, opt(t, out)), out)),
    matmulTransA: (a, b, m, k, n, out) => call((t) => back(device.matmulTransA(t(a), t(b), m, k, n, opt(t, out)), out)),
    matmulBatched: (a, b, shape, out) => call((t) => back(device.matmulBatched(t(a), t(b), shape, t(out)), out)),
    transpose: (a, rows, cols, out) => call((t) => back(device.transpose(t(a), rows, cols, opt(t, out)), out)),
    swapAxes12: (x, d0, d1, d2, d3, out) =>
      call((t) => back(device.swapAxes12(t(x), d0, d1, d2, d3, opt(t, out)), out)),
    addRowVector: (a, v, rows, cols, out) =>
      call((t) => back(device.addRowVector(t(a), t(v), rows, cols, opt(t, out)), out)),
    sumRows: (a, rows, cols, out) => call((t) => back(device.sumRows(t(a), rows, cols, opt(t, out)), out)),
    sum: (a) => call((t) => device.sum(t(a))),
    add: (a, b, out) => call((t) => back(device.add(t(a), t(b), opt(t, out)), out)),
    sub: (a, b, out) => call((t) => back(device.sub(t(a), t(b), opt(t, out)), out)),
    mul: (a, b, out) => call((t) => back(device.mul(t(a), t(b), opt(t, out)), out)),
    div: (a, b, out) => call((t) => back(device.div(t(a), t(b), opt(t, out)), out)),
    scale: (a, s, out) => call((t) => back(device.scale(t(a), s, opt(t, out)), out)),
    addScalar: (a, s, out) => call((t) => back(device.addScalar(t(a), s, opt(t, out)), out)),
    sqrt: (a, out) => call((t) => back(device.sqrt(t(a), opt(t, out)), out)),
    relu: (x, out) => call((t) => back(device.relu(t(x), opt(t, out)), out)),
    reluBackward: (x, dy, out) => call((t) => back(device.reluBackward(t(x), t(dy), opt(t, out)), out)),
    gelu: (x, out) => call((t) => back(device.gelu(t(x), opt(t, out)), out)),
    geluBackward: (x, dy, out) => call((t) => back(device.geluBackward(t(x), t(dy), opt(t, out)), out)),
    softmaxRows: (x, rows, cols, causal, out) =>
      call((t) => back(device.softmaxRows(t(x), rows, cols, causal, opt(t, out)), out)),
    softmaxRowsBackward: (y, dy, rows, cols, out) =>
      call((t) => back(device.softmaxRowsBackward(t(y), t(dy), rows, cols, opt(t, out)), out)),
    layerNorm: (x, gamma, beta, rows, cols, eps) =>
      call((t) => {
        const r = device.layerNorm(t(x), t(gamma), t(beta), rows, cols, eps);
        return { y: back(r.y, undefined), mean: back(r.mean, undefined), rstd: back(r.rstd, undefined) };
      }),
    layerNormBackward: (x, gamma, mean, rstd, dy, rows, cols) =>
      call((t) => {
        const r = device.layerNormBackward(t(x), t(gamma), t(mean), t(rstd), t(dy), rows, cols);
        return { dx: back(r.dx, undefined), dgamma: back(r.dgamma, undefined), dbeta: back(r.dbeta, undefined) };
      }),
    crossEntropy: (logits, targets, rows, cols) =>
      call((t) => {
        const r = device.crossEntropy(t(logits), targets, rows, cols);
        return { loss: r.loss, dlogits: back(r.dlogits, undefined) };
      }),
    embeddingGather: (table, ids, vocab, dim, out) =>
      call((t) => back(device.embeddingGather(t(table), ids, vocab, dim, opt(t, out)), out)),
    embeddingScatterAdd: (dOut, ids, vocab, dim, out) =>
      call((t) => back(device.embeddingScatterAdd(t(dOut), ids, vocab, dim, opt(t, out)), out)),
    sgdUpdate: (param, grad, velocity, s) =>
      call((t) => {
        device.sgdUpdate(t(param), t(grad), t(velocity), s);
        device.download(t(param), param);
        device.download(t(velocity), velocity);
      }),
    adamwUpdate: (param, grad, m, v, s) =>
      call((t) => {
        device.adamwUpdate(t(param), t(grad), t(m), t(v), s);
        device.download(t(param), param);
        device.download(t(m), m);
        device.download(t(v), v);
      }),
  };
}
