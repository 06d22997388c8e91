/**
 * The VT-F32 kernel interface. Every backend (the `ref` executable spec here; WASM SIMD, native and CUDA
 * later) implements exactly this arithmetic and must produce the same bits. docs/numerics.md is the prose
 * form of these comments.
 *
 * Conventions that hold for every method:
 * - Tensors are row-major `Float32Array`s; dimensions are passed explicitly as numbers. A matrix `[r×c]`
 *   stores element (i, j) at index `i*c + j`.
 * - All arithmetic is IEEE-754 binary32, round-to-nearest-even, subnormals kept. Every multiply, add,
 *   subtract and divide rounds separately (written `⊗ ⊕ ⊖ ⊘` below; no fused multiply-add, no
 *   reassociation). `sqrt` is the correctly rounded binary32 square root. `exp`, `log`, `tanh` are the
 *   protocol polynomials of `numerics/` (see docs/numerics.md), never the platform's.
 * - "Sum in index order" means: an accumulator that starts at +0 and adds the terms one by one in
 *   ascending index order, rounding after every add.
 * - Kernels return a new array, or write into `out` when given (it must have the result's exact length).
 *   Elementwise kernels allow `out` to alias an input; matmul, transpose, softmax, layerNorm and
 *   embedding kernels require `out` distinct from their inputs.
 * - Shapes are checked: a length that does not match the dimensions throws EngineError('SHAPE_MISMATCH');
 *   a bad dimension or index throws EngineError('INVALID_ARGUMENT'). Kernels do not check finiteness;
 *   callers use `assertFinite` where the state must be finite.
 * - Integer index arrays (`ids`, `targets`) are any `ArrayLike<number>` of integers (Int32Array,
 *   Uint8Array, number[] …).
 */
export interface Backend {
  /** A short stable name: 'ref', 'wasm', … */
  readonly name: string;

  // ---------------------------------------------------------------- matrix products
  /**
   * out[m×n] = a[m×k] · b[k×n].
   * out[i,j] = Σ_p a[i,p] ⊗ b[p,j], summed over p = 0…k-1 in ascending order with one accumulator
   * starting at +0 (acc = acc ⊕ (a[i,p] ⊗ b[p,j])). k = 0 gives +0.
   */
  matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number, out?: Float32Array): Float32Array;
  /**
   * out[m×n] = a[m×k] · bᵀ where b is stored as [n×k].
   * out[i,j] = Σ_p a[i,p] ⊗ b[j,p], p ascending, one accumulator from +0. Bit-identical to
   * `matmul(a, transpose(b, n, k), m, k, n)`.
   */
  matmulTransB(a: Float32Array, b: Float32Array, m: number, k: number, n: number, out?: Float32Array): Float32Array;
  /**
   * out[m×n] = aᵀ · b[k×n] where a is stored as [k×m].
   * out[i,j] = Σ_p a[p,i] ⊗ b[p,j], p ascending, one accumulator from +0. Bit-identical to
   * `matmul(transpose(a, k, m), b, m, k, n)`. (Weight gradient: dW = xᵀ·dy.)
   */
  matmulTransA(a: Float32Array, b: Float32Array, m: number, k: number, n: number, out?: Float32Array): Float32Array;
  /**
   * A batch of independent products of one shape (attention's per-head products in one call). For block
   * g = 0…count-1, with o = floor(g / group) and r = g mod group, block g of x (a, b or out) starts at
   * x.offset + o·x.outer + r·x.inner; out block g = op(a block g) · op(b block g) exactly as matmul
   * ('nn'), matmulTransB ('nt': b blocks stored [n×k]) or matmulTransA ('tn': a blocks stored [k×m]).
   * The out blocks must not overlap each other or any input. Writes into `out`, which it returns.
   */
  matmulBatched(a: Float32Array, b: Float32Array, shape: BatchedMatmulShape, out: Float32Array): Float32Array;
  /** out[cols×rows] = aᵀ: out[j,i] = a[i,j]. Data movement only (exact). */
  transpose(a: Float32Array, rows: number, cols: number, out?: Float32Array): Float32Array;
  /**
   * Swaps the two middle axes of a 4-D tensor: x is [d0×d1×d2×d3], out is [d0×d2×d1×d3],
   * out[a,c,b,d] = x[a,b,c,d]. Exact. Splits heads: [B×T×H×D] → [B×H×T×D]; calling it again with
   * (d0, d2, d1, d3) undoes it.
   */
  swapAxes12(x: Float32Array, d0: number, d1: number, d2: number, d3: number, out?: Float32Array): Float32Array;

  // ---------------------------------------------------------------- broadcasting and reductions
  /** out[rows×cols]: out[i,j] = a[i,j] ⊕ v[j]. (Bias add.) out may be a itself but must not overlap v. */
  addRowVector(a: Float32Array, v: Float32Array, rows: number, cols: number, out?: Float32Array): Float32Array;
  /**
   * Column sums of a[rows×cols]: out[j] = Σ_i a[i,j], i ascending from +0. (Bias gradient.)
   */
  sumRows(a: Float32Array, rows: number, cols: number, out?: Float32Array): Float32Array;
  /** Σ_i a[i] over the whole array, index order from +0; returns the binary32 value as a number. */
  sum(a: Float32Array): number;

  // ---------------------------------------------------------------- elementwise (same length; out may alias)
  /** out[i] = a[i] ⊕ b[i]. */
  add(a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array;
  /** out[i] = a[i] ⊖ b[i]. */
  sub(a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array;
  /** out[i] = a[i] ⊗ b[i]. */
  mul(a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array;
  /** out[i] = a[i] ⊘ b[i] (IEEE division). */
  div(a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array;
  /** out[i] = a[i] ⊗ s, with s first rounded to binary32. */
  scale(a: Float32Array, s: number, out?: Float32Array): Float32Array;
  /** out[i] = a[i] ⊕ s, with s first rounded to binary32. */
  addScalar(a: Float32Array, s: number, out?: Float32Array): Float32Array;
  /** out[i] = sqrt(a[i]), correctly rounded binary32. */
  sqrt(a: Float32Array, out?: Float32Array): Float32Array;

  // ---------------------------------------------------------------- activations
  /** out[i] = x[i] > 0 ? x[i] : +0. (NaN gives +0; callers reject non-finite state anyway.) */
  relu(x: Float32Array, out?: Float32Array): Float32Array;
  /** dx[i] = x[i] > 0 ? dy[i] : +0, where x is the ReLU's INPUT (pre-activation). */
  reluBackward(x: Float32Array, dy: Float32Array, out?: Float32Array): Float32Array;
  /**
   * GELU, tanh approximation, with C = fround(0.7978845608028654) (√(2/π)) and A = fround(0.044715):
   *   x2 = x⊗x; x3 = x2⊗x; u = x ⊕ (A⊗x3); z = C⊗u; t = tanh(z);
   *   y = (0.5⊗x) ⊗ (1⊕t)
   */
  gelu(x: Float32Array, out?: Float32Array): Float32Array;
  /**
   * dx = dy ⊗ gelu'(x), x being the GELU's input. With x2, u, z, t exactly as in `gelu` and
   * A3 = fround(0.134145) (3A):
   *   left = 0.5 ⊗ (1 ⊕ t); sech2 = 1 ⊖ (t⊗t); du = 1 ⊕ (A3⊗x2);
   *   right = ((0.5⊗x) ⊗ sech2) ⊗ (C⊗du);
   *   dx = dy ⊗ (left ⊕ right)
   */
  geluBackward(x: Float32Array, dy: Float32Array, out?: Float32Array): Float32Array;

  // ---------------------------------------------------------------- softmax
  /**
   * Row-wise softmax of x[rows×cols]. Per row:
   *   mx = max of the row's unmasked entries (exact);
   *   e_j = exp(x_j ⊖ mx) for unmasked j; s = Σ_j e_j over unmasked j, ascending from +0;
   *   out_j = e_j ⊘ s; masked entries are +0.
   * causal = true masks j > q where q = (row index) mod cols, i.e. the rows are stacked [cols×cols]
   * attention-score blocks (query q, key j); it requires rows to be a multiple of cols.
   */
  softmaxRows(x: Float32Array, rows: number, cols: number, causal?: boolean, out?: Float32Array): Float32Array;
  /**
   * Backward of softmaxRows given its output y and the output gradient dy. Per row:
   *   d = Σ_j (y_j ⊗ dy_j), j ascending from +0 (over all cols; masked y_j are +0);
   *   dx_j = y_j ⊗ (dy_j ⊖ d).
   */
  softmaxRowsBackward(y: Float32Array, dy: Float32Array, rows: number, cols: number, out?: Float32Array): Float32Array;

  // ---------------------------------------------------------------- layer norm
  /**
   * LayerNorm over the last axis of x[rows×cols] with gain gamma[cols], bias beta[cols] and eps (rounded
   * to binary32; the models use 1e-5). Per row i:
   *   mean = (Σ_j x_j) ⊘ cols;  d_j = x_j ⊖ mean;  var = (Σ_j d_j⊗d_j) ⊘ cols   (sums ascending from +0)
   *   rstd = 1 ⊘ sqrt(var ⊕ eps)
   *   y_j = ((d_j ⊗ rstd) ⊗ gamma_j) ⊕ beta_j
   * Returns y and the per-row mean and rstd that layerNormBackward needs.
   */
  layerNorm(
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    rows: number,
    cols: number,
    eps: number,
  ): LayerNormResult;
  /**
   * Backward of layerNorm. With xhat_ij = (x_ij ⊖ mean_i) ⊗ rstd_i and g_ij = dy_ij ⊗ gamma_j:
   *   dgamma_j = Σ_i dy_ij ⊗ xhat_ij;  dbeta_j = Σ_i dy_ij          (i ascending from +0)
   *   per row: s1 = Σ_j g_j;  s2 = Σ_j g_j ⊗ xhat_j                  (j ascending from +0)
   *            m1 = s1 ⊘ cols;  m2 = s2 ⊘ cols
   *            dx_j = rstd ⊗ ((g_j ⊖ m1) ⊖ (xhat_j ⊗ m2))
   */
  layerNormBackward(
    x: Float32Array,
    gamma: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    dy: Float32Array,
    rows: number,
    cols: number,
  ): LayerNormGradients;

  // ---------------------------------------------------------------- loss
  /**
   * Mean cross-entropy of logits[rows×cols] against integer targets[rows] (0 ≤ t < cols), and its
   * gradient with respect to the logits. Per row i:
   *   mx = max_j x_j (exact); e_j = exp(x_j ⊖ mx); s = Σ_j e_j (ascending from +0);
   *   loss_i = (mx ⊕ log(s)) ⊖ x_t
   *   p_j = e_j ⊘ s;  g_j = p_j (j ≠ t),  g_t = p_t ⊖ 1;  dlogits_ij = g_j ⊘ rows
   * loss = (Σ_i loss_i, i ascending from +0) ⊘ rows.
   */
  crossEntropy(logits: Float32Array, targets: ArrayLike<number>, rows: number, cols: number): CrossEntropyResult;

  // ---------------------------------------------------------------- embeddings
  /** out[ids.length × dim]: row r = table[ids[r]] (table is [vocab×dim]). Exact copy. */
  embeddingGather(table: Float32Array, ids: ArrayLike<number>, vocab: number, dim: number, out?: Float32Array): Float32Array;
  /**
   * Gradient of embeddingGather: dTable[vocab×dim] starts at +0 everywhere; then for r = 0,1,… in
   * ascending order, dTable[ids[r], c] = dTable[ids[r], c] ⊕ dOut[r, c]. Rows never gathered stay +0.
   * (Position embeddings: ids = 0…T-1 repeated per sequence, so each position sums over the batch in
   * order.)
   */
  embeddingScatterAdd(dOut: Float32Array, ids: ArrayLike<number>, vocab: number, dim: number, out?: Float32Array): Float32Array;

  // ---------------------------------------------------------------- optimizer updates (in place)
  /**
   * SGD with momentum on one tensor, element by element, in place (scalars already binary32):
   *   b ← (momentum ⊗ b) ⊕ g;  p ← p ⊖ (lrwd ⊗ p);  p ← p ⊖ (lr ⊗ b)
   */
  sgdUpdate(param: Float32Array, grad: Float32Array, velocity: Float32Array, s: SgdScalars): void;
  /**
   * AdamW on one tensor, element by element, in place (scalars already binary32):
   *   m ← (beta1 ⊗ m) ⊕ (c1 ⊗ g);  v ← (beta2 ⊗ v) ⊕ (c2 ⊗ (g ⊗ g))
   *   d = sqrt(v ⊘ bc2) ⊕ eps;  p ← p ⊖ (lrwd ⊗ p);  p ← p ⊖ (lr ⊗ ((m ⊘ bc1) ⊘ d))
   */
  adamwUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, s: AdamwScalars): void;
}

/** Where block g of one operand of matmulBatched starts: offset + floor(g/group)·outer + (g mod group)·inner. */
export interface BlockStrides {
  readonly offset: number;
  readonly outer: number;
  readonly inner: number;
}

export interface BatchedMatmulShape {
  /** 'nn' = matmul, 'nt' = matmulTransB, 'tn' = matmulTransA. */
  readonly layout: 'nn' | 'nt' | 'tn';
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** Number of products. */
  readonly count: number;
  /** Blocks per outer group (≥ 1): heads per sequence in attention. */
  readonly group: number;
  readonly a: BlockStrides;
  readonly b: BlockStrides;
  readonly out: BlockStrides;
}

/** Per-step SGD scalars, each a binary32 value: lrwd = lr ⊗ weightDecay. */
export interface SgdScalars {
  readonly lr: number;
  readonly momentum: number;
  readonly lrwd: number;
}

/** Per-step AdamW scalars, each a binary32 value: c1 = 1 ⊖ beta1, c2 = 1 ⊖ beta2, lrwd = lr ⊗ weightDecay, bc1/bc2 the bias corrections. */
export interface AdamwScalars {
  readonly beta1: number;
  readonly beta2: number;
  readonly c1: number;
  readonly c2: number;
  readonly lr: number;
  readonly eps: number;
  readonly lrwd: number;
  readonly bc1: number;
  readonly bc2: number;
}

export interface LayerNormResult {
  /** [rows×cols] normalised, scaled and shifted output. */
  readonly y: Float32Array;
  /** [rows] per-row mean. */
  readonly mean: Float32Array;
  /** [rows] per-row 1/sqrt(var + eps). */
  readonly rstd: Float32Array;
}

export interface LayerNormGradients {
  readonly dx: Float32Array;
  readonly dgamma: Float32Array;
  readonly dbeta: Float32Array;
}

export interface CrossEntropyResult {
  /** Mean loss over rows, a binary32 value. */
  readonly loss: number;
  /** [rows×cols] gradient of `loss` with respect to the logits. */
  readonly dlogits: Float32Array;
}
