/**
 * What a compiled copy of the VT-F32 kernels (engine/native/src/vtf32_kernels.c) offers JavaScript: the
 * Node-API addon implements this directly on the caller's arrays; the WebAssembly host copies through
 * the module's memory; the CUDA backend's host (T = its device tensors) launches on the GPU. Shapes are
 * checked before any call (createKernelBackend does it with ref's checks), so a host may trust its
 * arguments. Every method writes its outputs in place.
 */
export interface KernelHost<T = Float32Array> {
  /** layout: 0 = a·b, 2 = a·bᵀ (b stored [n×k]), 1 = aᵀ·b (a stored [k×m]). */
  matmul(a: T, b: T, out: T, m: number, k: number, n: number, layout: number): void;
  matmulBatched(
    a: T,
    b: T,
    out: T,
    m: number,
    k: number,
    n: number,
    layout: number,
    count: number,
    group: number,
    aOffset: number,
    aOuter: number,
    aInner: number,
    bOffset: number,
    bOuter: number,
    bInner: number,
    outOffset: number,
    outOuter: number,
    outInner: number,
  ): void;
  /** op: 0 add, 1 sub, 2 mul, 3 div. */
  binary(op: number, a: T, b: T, out: T): void;
  /** op: 0 scale, 1 addScalar; s is a binary32 value. */
  scalar(op: number, a: T, s: number, out: T): void;
  /** op: 0 sqrt, 1 relu, 2 gelu. */
  unary(op: number, x: T, out: T): void;
  /** op: 0 reluBackward, 1 geluBackward. */
  unaryBackward(op: number, x: T, dy: T, out: T): void;
  sgdUpdate(param: T, grad: T, velocity: T, lr: number, momentum: number, lrwd: number): void;
  /** scalars: beta1, beta2, c1, c2, lr, eps, lrwd, bc1, bc2. */
  adamwUpdate(param: T, grad: T, m: T, v: T, scalars: Float32Array): void;
  addRowVector(a: T, v: T, out: T, rows: number, cols: number): void;
  softmaxRows(x: T, out: T, rows: number, cols: number, causal: boolean): void;
  softmaxRowsBackward(y: T, dy: T, out: T, rows: number, cols: number): void;
  layerNorm(x: T, gamma: T, beta: T, y: T, mean: T, rstd: T, rows: number, cols: number, eps: number): void;
  layerNormBackward(
    x: T,
    gamma: T,
    mean: T,
    rstd: T,
    dy: T,
    dx: T,
    dgamma: T,
    dbeta: T,
    rows: number,
    cols: number,
  ): void;
  /** Returns the mean loss (binary32). */
  crossEntropy(logits: T, targets: Int32Array, dlogits: T, rows: number, cols: number): number;
  sumRows(a: T, out: T, rows: number, cols: number): void;
  sum(a: T): number;
  transpose(a: T, out: T, rows: number, cols: number): void;
  swapAxes12(x: T, out: T, d0: number, d1: number, d2: number, d3: number): void;
  embeddingGather(table: T, ids: Int32Array, out: T, vocab: number, dim: number): void;
  embeddingScatterAdd(dOut: T, ids: Int32Array, out: T, vocab: number, dim: number): void;
  /** op: 0 exp, 1 log, 2 tanh of one binary32 value (tests). */
  poly(op: number, x: number): number;
}
