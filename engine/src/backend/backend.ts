/**
 * The VT-F32 kernel interface. Every backend (the `ref` executable spec here; WASM SIMD, native and CUDA
 * later) implements exactly this arithmetic and must produce the same bits. docs/numerics.md is the prose
 * form of these comments.
 *
 * Conventions that hold for every method:
 * - Tensors are values of the backend's tensor type `T`: a handle with a `length` (number of binary32
 *   elements). Host backends (ref, native, wasm) use `Float32Array` itself; a device backend (CUDA) uses
 *   an opaque handle to device memory whose elements the caller never reads directly: data enters with
 *   `upload` and leaves with `download`. Dimensions are passed explicitly as numbers. A matrix `[r×c]`
 *   stores element (i, j) at index `i*c + j` (row-major).
 * - All arithmetic is IEEE-754 binary32, round-to-nearest-even, subnormals kept. Every multiply, add,
 *   subtract and divide rounds separately (written `⊗ ⊕ ⊖ ⊘` below; no fused multiply-add, no
 *   reassociation). `sqrt` is the correctly rounded binary32 square root. `exp`, `log`, `tanh` are the
 *   protocol polynomials of `numerics/` (see docs/numerics.md), never the platform's.
 * - "Sum in index order" means: an accumulator that starts at +0 and adds the terms one by one in
 *   ascending index order, rounding after every add.
 * - Kernels return a new tensor, or write into `out` when given (it must have the result's exact length).
 *   Elementwise kernels allow `out` to alias an input; matmul, transpose, softmax, layerNorm and
 *   embedding kernels require `out` distinct from their inputs. A new tensor belongs to the innermost open
 *   `scope` (see below).
 * - Shapes are checked: a length that does not match the dimensions throws EngineError('SHAPE_MISMATCH');
 *   a bad dimension or index throws EngineError('INVALID_ARGUMENT'). Kernels do not check finiteness;
 *   callers use `allFinite` / `assertFinite` where the state must be finite. Every backend checks with
 *   the functions of ref/checks.ts and ref/validate.ts (a device backend passes its own TensorKit), so a
 *   bad call fails with the same code and message everywhere.
 * - Integer index arrays (`ids`, `targets`) stay on the host: any `ArrayLike<number>` of integers
 *   (Int32Array, Uint8Array, number[] …). Scalar results (`sum`, `crossEntropy`'s loss) are numbers.
 *
 * Tensor lifetime (device backends; on host backends all of it is free and the garbage collector frees):
 * - A tensor lives until `release(t)`, or until the end of the `scope` it was created in.
 * - `scope(fn)` runs fn; when fn returns or throws, every tensor created inside it (by a kernel, `upload`
 *   or `zeros`, in fn or in a scope nested in it) is freed, except those passed to `keep` inside it.
 *   Tensors that existed before the scope, including those that a kernel writes into as `out` or updates
 *   in place (the optimizer updates), are untouched. fn must be synchronous.
 * - `keep(t)` takes t out of the innermost open scope and gives it to the enclosing one (or, at the
 *   outermost scope, makes it unscoped: it then lives until `release`). A tensor created outside every
 *   scope is unscoped from the start; `keep` of a tensor not owned by the innermost scope does nothing.
 * - `release` is idempotent; using a freed tensor throws EngineError('INVALID_ARGUMENT').
 */
export interface Backend<T extends TensorLike = Float32Array> {
  /** A short stable name: 'ref', 'wasm', … */
  readonly name: string;

  // ---------------------------------------------------------------- tensors
  /** 'host': T is Float32Array and the caller's arrays are computed on in place; 'device': T is a handle to device memory. */
  readonly residency: 'host' | 'device';
  /**
   * A tensor holding `data`. Host backends return `data` itself (no copy: the caller hands the array over
   * and the kernels may write into it); a device backend copies it to the device (the caller may reuse
   * `data` afterwards).
   */
  upload(data: Float32Array): T;
  /**
   * The tensor's elements on the host. With `out` (it must have t's length, else SHAPE_MISMATCH) they are
   * copied into `out`, which is returned. Host backends return `t` itself when `out` is undefined or is
   * `t` (no copy); a device backend returns a fresh array when `out` is undefined.
   */
  download(t: T, out?: Float32Array): Float32Array;
  /** A new tensor of `length` elements, +0 everywhere (INVALID_ARGUMENT unless length is a non-negative integer). */
  zeros(length: number): T;
  /** Frees t now (host: nothing to do). Idempotent. */
  release(t: T): void;
  /** Runs fn and frees every tensor created inside it that was not kept (host: just fn()). See the lifetime rules above. */
  scope<R>(fn: () => R): R;
  /** Lets t outlive the innermost open scope (it passes to the enclosing one); returns t (host: t). */
  keep(t: T): T;
  /** True when no element of t is NaN or ±Infinity (the test `assertFinite` makes, without a download). */
  allFinite(t: T): boolean;

  // ---------------------------------------------------------------- matrix products
  /**
   * out[m×n] = a[m×k] · b[k×n].
   * out[i,j] = Σ_p a[i,p] ⊗ b[p,j], summed over p = 0…k-1 in ascending order with one accumulator
   * starting at +0 (acc = acc ⊕ (a[i,p] ⊗ b[p,j])). k = 0 gives +0.
   */
  matmul(a: T, b: T, m: number, k: number, n: number, out?: T): T;
  /**
   * out[m×n] = a[m×k] · bᵀ where b is stored as [n×k].
   * out[i,j] = Σ_p a[i,p] ⊗ b[j,p], p ascending, one accumulator from +0. Bit-identical to
   * `matmul(a, transpose(b, n, k), m, k, n)`.
   */
  matmulTransB(a: T, b: T, m: number, k: number, n: number, out?: T): T;
  /**
   * out[m×n] = aᵀ · b[k×n] where a is stored as [k×m].
   * out[i,j] = Σ_p a[p,i] ⊗ b[p,j], p ascending, one accumulator from +0. Bit-identical to
   * `matmul(transpose(a, k, m), b, m, k, n)`. (Weight gradient: dW = xᵀ·dy.)
   */
  matmulTransA(a: T, b: T, m: number, k: number, n: number, out?: T): T;
  /**
   * A batch of independent products of one shape (attention's per-head products in one call). For block
   * g = 0…count-1, with o = floor(g / group) and r = g mod group, block g of x (a, b or out) starts at
   * x.offset + o·x.outer + r·x.inner; out block g = op(a block g) · op(b block g) exactly as matmul
   * ('nn'), matmulTransB ('nt': b blocks stored [n×k]) or matmulTransA ('tn': a blocks stored [k×m]).
   * The out blocks must not overlap each other or any input. Writes into `out`, which it returns.
   */
  matmulBatched(a: T, b: T, shape: BatchedMatmulShape, out: T): T;
  /** out[cols×rows] = aᵀ: out[j,i] = a[i,j]. Data movement only (exact). */
  transpose(a: T, rows: number, cols: number, out?: T): T;
  /**
   * Swaps the two middle axes of a 4-D tensor: x is [d0×d1×d2×d3], out is [d0×d2×d1×d3],
   * out[a,c,b,d] = x[a,b,c,d]. Exact. Splits heads: [B×T×H×D] → [B×H×T×D]; calling it again with
   * (d0, d2, d1, d3) undoes it.
   */
  swapAxes12(x: T, d0: number, d1: number, d2: number, d3: number, out?: T): T;

  // ---------------------------------------------------------------- broadcasting and reductions
  /** out[rows×cols]: out[i,j] = a[i,j] ⊕ v[j]. (Bias add.) out may be a itself but must not overlap v. */
  addRowVector(a: T, v: T, rows: number, cols: number, out?: T): T;
  /**
   * Column sums of a[rows×cols]: out[j] = Σ_i a[i,j], i ascending from +0. (Bias gradient.)
   */
  sumRows(a: T, rows: number, cols: number, out?: T): T;
  /** Σ_i a[i] over the whole array, index order from +0; returns the binary32 value as a number. */
  sum(a: T): number;

  // ---------------------------------------------------------------- elementwise (same length; out may alias)
  /** out[i] = a[i] ⊕ b[i]. */
  add(a: T, b: T, out?: T): T;
  /** out[i] = a[i] ⊖ b[i]. */
  sub(a: T, b: T, out?: T): T;
  /** out[i] = a[i] ⊗ b[i]. */
  mul(a: T, b: T, out?: T): T;
  /** out[i] = a[i] ⊘ b[i] (IEEE division). */
  div(a: T, b: T, out?: T): T;
  /** out[i] = a[i] ⊗ s, with s first rounded to binary32. */
  scale(a: T, s: number, out?: T): T;
  /** out[i] = a[i] ⊕ s, with s first rounded to binary32. */
  addScalar(a: T, s: number, out?: T): T;
  /** out[i] = sqrt(a[i]), correctly rounded binary32. */
  sqrt(a: T, out?: T): T;

  // ---------------------------------------------------------------- activations
  /** out[i] = x[i] > 0 ? x[i] : +0. (NaN gives +0; callers reject non-finite state anyway.) */
  relu(x: T, out?: T): T;
  /** dx[i] = x[i] > 0 ? dy[i] : +0, where x is the ReLU's INPUT (pre-activation). */
  reluBackward(x: T, dy: T, out?: T): T;
  /**
   * GELU, tanh approximation, with C = fround(0.7978845608028654) (√(2/π)) and A = fround(0.044715):
   *   x2 = x⊗x; x3 = x2⊗x; u = x ⊕ (A⊗x3); z = C⊗u; t = tanh(z);
   *   y = (0.5⊗x) ⊗ (1⊕t)
   */
  gelu(x: T, out?: T): T;
  /**
   * dx = dy ⊗ gelu'(x), x being the GELU's input. With x2, u, z, t exactly as in `gelu` and
   * A3 = fround(0.134145) (3A):
   *   left = 0.5 ⊗ (1 ⊕ t); sech2 = 1 ⊖ (t⊗t); du = 1 ⊕ (A3⊗x2);
   *   right = ((0.5⊗x) ⊗ sech2) ⊗ (C⊗du);
   *   dx = dy ⊗ (left ⊕ right)
   */
  geluBackward(x: T, dy: T, out?: T): T;

  // ---------------------------------------------------------------- softmax
  /**
   * Row-wise softmax of x[rows×cols]. Per row:
   *   mx = max of the row's unmasked entries (exact);
   *   e_j = exp(x_j ⊖ mx) for unmasked j; s = Σ_j e_j over unmasked j, ascending from +0;
   *   out_j = e_j ⊘ s; masked entries are +0.
   * causal = true masks j > q where q = (row index) mod cols, i.e. the rows are stacked [cols×cols]
   * attention-score blocks (query q, key j); it requires rows to be a multiple of cols.
   */
  softmaxRows(x: T, rows: number, cols: number, causal?: boolean, out?: T): T;
  /**
   * Backward of softmaxRows given its output y and the output gradient dy. Per row:
   *   d = Σ_j (y_j ⊗ dy_j), j ascending from +0 (over all cols; masked y_j are +0);
   *   dx_j = y_j ⊗ (dy_j ⊖ d).
   */
  softmaxRowsBackward(y: T, dy: T, rows: number, cols: number, out?: T): T;

  // ---------------------------------------------------------------- layer norm
  /**
   * LayerNorm over the last axis of x[rows×cols] with gain gamma[cols], bias beta[cols] and eps (rounded
   * to binary32; the models use 1e-5). Per row i:
   *   mean = (Σ_j x_j) ⊘ cols;  d_j = x_j ⊖ mean;  var = (Σ_j d_j⊗d_j) ⊘ cols   (sums ascending from +0)
   *   rstd = 1 ⊘ sqrt(var ⊕ eps)
   *   y_j = ((d_j ⊗ rstd) ⊗ gamma_j) ⊕ beta_j
   * Returns y and the per-row mean and rstd that layerNormBackward needs.
   */
  layerNorm(x: T, gamma: T, beta: T, rows: number, cols: number, eps: number): LayerNormResult<T>;
  /**
   * Backward of layerNorm. With xhat_ij = (x_ij ⊖ mean_i) ⊗ rstd_i and g_ij = dy_ij ⊗ gamma_j:
   *   dgamma_j = Σ_i dy_ij ⊗ xhat_ij;  dbeta_j = Σ_i dy_ij          (i ascending from +0)
   *   per row: s1 = Σ_j g_j;  s2 = Σ_j g_j ⊗ xhat_j                  (j ascending from +0)
   *            m1 = s1 ⊘ cols;  m2 = s2 ⊘ cols
   *            dx_j = rstd ⊗ ((g_j ⊖ m1) ⊖ (xhat_j ⊗ m2))
   */
  layerNormBackward(x: T, gamma: T, mean: T, rstd: T, dy: T, rows: number, cols: number): LayerNormGradients<T>;

  // ---------------------------------------------------------------- loss
  /**
   * Mean cross-entropy of logits[rows×cols] against integer targets[rows] (0 ≤ t < cols), and its
   * gradient with respect to the logits. Per row i:
   *   mx = max_j x_j (exact); e_j = exp(x_j ⊖ mx); s = Σ_j e_j (ascending from +0);
   *   loss_i = (mx ⊕ log(s)) ⊖ x_t
   *   p_j = e_j ⊘ s;  g_j = p_j (j ≠ t),  g_t = p_t ⊖ 1;  dlogits_ij = g_j ⊘ rows
   * loss = (Σ_i loss_i, i ascending from +0) ⊘ rows.
   */
  crossEntropy(logits: T, targets: ArrayLike<number>, rows: number, cols: number): CrossEntropyResult<T>;

  // ---------------------------------------------------------------- embeddings
  /** out[ids.length × dim]: row r = table[ids[r]] (table is [vocab×dim]). Exact copy. */
  embeddingGather(table: T, ids: ArrayLike<number>, vocab: number, dim: number, out?: T): T;
  /**
   * Gradient of embeddingGather: dTable[vocab×dim] starts at +0 everywhere; then for r = 0,1,… in
   * ascending order, dTable[ids[r], c] = dTable[ids[r], c] ⊕ dOut[r, c]. Rows never gathered stay +0.
   * (Position embeddings: ids = 0…T-1 repeated per sequence, so each position sums over the batch in
   * order.)
   */
  embeddingScatterAdd(dOut: T, ids: ArrayLike<number>, vocab: number, dim: number, out?: T): T;

  // ---------------------------------------------------------------- optimizer updates (in place)
  /**
   * SGD with momentum on one tensor, element by element, in place (scalars already binary32):
   *   b ← (momentum ⊗ b) ⊕ g;  p ← p ⊖ (lrwd ⊗ p);  p ← p ⊖ (lr ⊗ b)
   */
  sgdUpdate(param: T, grad: T, velocity: T, s: SgdScalars): void;
  /**
   * AdamW on one tensor, element by element, in place (scalars already binary32):
   *   m ← (beta1 ⊗ m) ⊕ (c1 ⊗ g);  v ← (beta2 ⊗ v) ⊕ (c2 ⊗ (g ⊗ g))
   *   d = sqrt(v ⊘ bc2) ⊕ eps;  p ← p ⊖ (lrwd ⊗ p);  p ← p ⊖ (lr ⊗ ((m ⊘ bc1) ⊘ d))
   */
  adamwUpdate(param: T, grad: T, m: T, v: T, s: AdamwScalars): void;
}

/** What a tensor must offer every caller: its number of binary32 elements. */
export type TensorLike = { readonly length: number };

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

export interface LayerNormResult<T = Float32Array> {
  /** [rows×cols] normalised, scaled and shifted output. */
  readonly y: T;
  /** [rows] per-row mean. */
  readonly mean: T;
  /** [rows] per-row 1/sqrt(var + eps). */
  readonly rstd: T;
}

export interface LayerNormGradients<T = Float32Array> {
  readonly dx: T;
  readonly dgamma: T;
  readonly dbeta: T;
}

export interface CrossEntropyResult<T = Float32Array> {
  /** Mean loss over rows, a binary32 value. */
  readonly loss: number;
  /** [rows×cols] gradient of `loss` with respect to the logits. */
  readonly dlogits: T;
}
