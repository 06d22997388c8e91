/**
 * What a compiled copy of the VT-F32 kernels (engine/native/src/vtf32_kernels.c) offers JavaScript: the
 * Node-API addon implements this directly on the caller's arrays; the WebAssembly host copies through
 * the module's memory. Shapes are checked before any call (createKernelBackend does it with ref's
 * checks), so a host may trust its arguments. Every method writes its outputs in place.
 */
export interface KernelHost {
  /** layout: 0 = a·b, 2 = a·bᵀ (b stored [n×k]), 1 = aᵀ·b (a stored [k×m]). */
  matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, layout: number): void;
  matmulBatched(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
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
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** op: 0 scale, 1 addScalar; s is a binary32 value. */
  scalar(op: number, a: Float32Array, s: number, out: Float32Array): void;
  /** op: 0 sqrt, 1 relu, 2 gelu. */
  unary(op: number, x: Float32Array, out: Float32Array): void;
  /** op: 0 reluBackward, 1 geluBackward. */
  unaryBackward(op: number, x: Float32Array, dy: Float32Array, out: Float32Array): void;
  sgdUpdate(param: Float32Array, grad: Float32Array, velocity: Float32Array, lr: number, momentum: number, lrwd: number): void;
  /** scalars: beta1, beta2, c1, c2, lr, eps, lrwd, bc1, bc2. */
  adamwUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, scalars: Float32Array): void;
  addRowVector(a: Float32Array, v: Float32Array, out: Float32Array, rows: number, cols: number): void;
  softmaxRows(x: Float32Array, out: Float32Array, rows: number, cols: number, causal: boolean): void;
  softmaxRowsBackward(y: Float32Array, dy: Float32Array, out: Float32Array, rows: number, cols: number): void;
  layerNorm(
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    y: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    rows: number,
    cols: number,
    eps: number,
  ): void;
  layerNormBackward(
    x: Float32Array,
    gamma: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
    rows: number,
    cols: number,
  ): void;
  /** Returns the mean loss (binary32). */
  crossEntropy(logits: Float32Array, targets: Int32Array, dlogits: Float32Array, rows: number, cols: number): number;
  sumRows(a: Float32Array, out: Float32Array, rows: number, cols: number): void;
  sum(a: Float32Array): number;
  transpose(a: Float32Array, out: Float32Array, rows: number, cols: number): void;
  swapAxes12(x: Float32Array, out: Float32Array, d0: number, d1: number, d2: number, d3: number): void;
  embeddingGather(table: Float32Array, ids: Int32Array, out: Float32Array, vocab: number, dim: number): void;
  embeddingScatterAdd(dOut: Float32Array, ids: Int32Array, out: Float32Array, vocab: number, dim: number): void;
  /** op: 0 exp, 1 log, 2 tanh of one binary32 value (tests). */
  poly(op: number, x: number): number;
}
