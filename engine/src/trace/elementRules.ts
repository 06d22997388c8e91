import { geluDerivativeScalar, geluScalar } from '../backend/ref/activations';
import { EngineError } from '../errors';
import { exp32 } from '../numerics/exp';
import { bitsToF32 } from '../numerics/f32';
import { log32 } from '../numerics/log';
import type { GameOp } from './gameProgram';

const fr = Math.fround;

/** One element read by a rule: element `index` of the op's operand number `operand` (a position in op.operands). */
export type ElementRead = readonly [operand: number, index: number];

/**
 * What one output element of a game op is (docs/game.md, "Encodings", the kinds table): the one-step proof the
 * contract recomputes.
 * - `map`: the element is `compute` of the elements `reads` names, in that order.
 * - a reduction: partial sums acc_1 … acc_T. Term t (1-based) reads `termReads(t)`; acc_t = step(acc_{t−1},
 *   values); acc_0 = +0 (`max` form: acc_1 is the first term itself). The element is finish(acc_T).
 */
export type ElementRule =
  | { form: 'map'; reads: ElementRead[]; compute(values: number[]): number }
  | {
      form: 'sum' | 'product' | 'max';
      terms: number;
      termReads(t: number): ElementRead[];
      step(acc: number, values: number[], t: number): number;
      finish(acc: number): number;
    };

const same = (acc: number): number => acc;

function sumRule(terms: number, read: (p: number) => ElementRead, finish: (acc: number) => number = same): ElementRule {
  return { form: 'sum', terms, termReads: (t) => [read(t - 1)], step: (acc, [a]) => fr(acc + a!), finish };
}

/** acc ⊕ (a ⊗ b), where a and b are computed from the term's reads by `ab`. */
function productRule(
  terms: number,
  reads: (p: number) => ElementRead[],
  ab: (v: number[]) => readonly [number, number] = (v) => [v[0]!, v[1]!],
  finish: (acc: number) => number = same,
): ElementRule {
  return {
    form: 'product',
    terms,
    termReads: (t) => reads(t - 1),
    step: (acc, v) => {
      const [a, b] = ab(v);
      return fr(acc + fr(a * b));
    },
    finish,
  };
}

function maxRule(terms: number, read: (p: number) => ElementRead): ElementRule {
  return {
    form: 'max',
    terms,
    termReads: (t) => [read(t - 1)],
    step: (acc, [a], t) => (t === 1 || a! > acc ? a! : acc),
    finish: same,
  };
}

const map = (reads: ElementRead[], compute: (v: number[]) => number): ElementRule => ({ form: 'map', reads, compute });

/** Keys 0 … L visible to row i of a (causal) softmax. */
const lastVisible = (i: number, cols: number, causal: number): number => (causal ? i % cols : cols - 1);

/**
 * The rule of element `e` of `op` (0 ≤ e < op.count). `peek(operand, index)` gives an operand's element: only
 * EMBED_GATHER and CE_ROW_LOSS use it, to learn which element an id or a target names (their rule reads that
 * index element first, then the element it names).
 */
export function elementRule(op: GameOp, e: number, peek: (operand: number, index: number) => number): ElementRule {
  const s = op.scalars;
  const f = (k: number): number => bitsToF32(s[k]!);
  switch (op.kind) {
    case 'LOAD_STATE':
    case 'LOAD_INPUT':
    case 'ZEROS':
      throw new EngineError(
        'INVALID_ARGUMENT',
        `elementRule: ${op.kind} has no arithmetic rule (its one-step proof is an opening)`,
      );
    case 'MATMUL':
    case 'MATMUL_TB':
    case 'MATMUL_TA': {
      const [m, k, n] = s as [number, number, number];
      const i = Math.floor(e / n);
      const j = e % n;
      if (op.kind === 'MATMUL')
        return productRule(k, (p) => [
          [0, i * k + p],
          [1, p * n + j],
        ]);
      if (op.kind === 'MATMUL_TB')
        return productRule(k, (p) => [
          [0, i * k + p],
          [1, j * k + p],
        ]);
      return productRule(k, (p) => [
        [0, p * m + i],
        [1, p * n + j],
      ]);
    }
    case 'MATMUL_BATCHED': {
      const [layout, m, k, n, count, group, aOff, aOuter, aInner, bOff, bOuter, bInner, oOff, oOuter, oInner] =
        s as number[] as [
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
        ];
      for (let g = 0; g < count; g++) {
        const start = (off: number, outer: number, inner: number) =>
          off + Math.floor(g / group) * outer + (g % group) * inner;
        const o = start(oOff, oOuter, oInner);
        if (e < o || e >= o + m * n) continue;
        const [a, b] = [start(aOff, aOuter, aInner), start(bOff, bOuter, bInner)];
        const i = Math.floor((e - o) / n);
        const j = (e - o) % n;
        if (layout === 0)
          return productRule(k, (p) => [
            [0, a + i * k + p],
            [1, b + p * n + j],
          ]);
        if (layout === 1)
          return productRule(k, (p) => [
            [0, a + i * k + p],
            [1, b + j * k + p],
          ]);
        return productRule(k, (p) => [
          [0, a + p * m + i],
          [1, b + p * n + j],
        ]);
      }
      return map([[2, e]], ([v]) => v!);
    }
    case 'TRANSPOSE': {
      const [rows, cols] = s as [number, number];
      const j = Math.floor(e / rows);
      const i = e % rows;
      return map([[0, i * cols + j]], ([v]) => v!);
    }
    case 'SWAP_AXES12': {
      const [, d1, d2, d3] = s as [number, number, number, number];
      // out is [d0×d2×d1×d3]: e = ((a·d2 + c)·d1 + b)·d3 + d.
      const d = e % d3;
      const b = Math.floor(e / d3) % d1;
      const c = Math.floor(e / (d3 * d1)) % d2;
      const a = Math.floor(e / (d3 * d1 * d2));
      return map([[0, ((a * d1 + b) * d2 + c) * d3 + d]], ([v]) => v!);
    }
    case 'ADD_ROW_VECTOR':
      return map(
        [
          [0, e],
          [1, e % s[1]!],
        ],
        ([a, v]) => fr(a! + v!),
      );
    case 'SUM_ROWS': {
      const [rows, cols] = s as [number, number];
      return sumRule(rows, (p) => [0, p * cols + e]);
    }
    case 'ADD':
      return map(
        [
          [0, e],
          [1, e],
        ],
        ([a, b]) => fr(a! + b!),
      );
    case 'SUB':
      return map(
        [
          [0, e],
          [1, e],
        ],
        ([a, b]) => fr(a! - b!),
      );
    case 'MUL':
      return map(
        [
          [0, e],
          [1, e],
        ],
        ([a, b]) => fr(a! * b!),
      );
    case 'DIV':
      return map(
        [
          [0, e],
          [1, e],
        ],
        ([a, b]) => fr(a! / b!),
      );
    case 'SCALE':
      return map([[0, e]], ([a]) => fr(a! * f(0)));
    case 'ADD_SCALAR':
      return map([[0, e]], ([a]) => fr(a! + f(0)));
    case 'SQRT':
      return map([[0, e]], ([a]) => fr(Math.sqrt(a!)));
    case 'ONE_MINUS':
      return map([[0, e]], ([a]) => fr(1 - a!));
    case 'RELU':
      // biome-ignore lint/complexity/useMathMinMax: relu(NaN) and relu(-0) are +0 (docs/numerics.md); Math.max(NaN, 0) is NaN
      return map([[0, e]], ([x]) => (x! > 0 ? x! : 0));
    case 'RELU_BWD':
      return map(
        [
          [0, e],
          [1, e],
        ],
        ([x, dy]) => (x! > 0 ? dy! : 0),
      );
    case 'GELU':
      return map([[0, e]], ([x]) => geluScalar(x!));
    case 'GELU_BWD':
      return map(
        [
          [0, e],
          [1, e],
        ],
        ([x, dy]) => fr(dy! * geluDerivativeScalar(x!)),
      );
    case 'ROW_MAX': {
      const [, cols, causal] = s as [number, number, number];
      return maxRule(lastVisible(e, cols, causal) + 1, (p) => [0, e * cols + p]);
    }
    case 'ROW_SUM_EXP': {
      const [, cols, causal] = s as [number, number, number];
      return {
        form: 'sum',
        terms: lastVisible(e, cols, causal) + 1,
        termReads: (t) => [
          [0, e * cols + t - 1],
          [1, e],
        ],
        step: (acc, [x, mx]) => fr(acc + exp32(fr(x! - mx!))),
        finish: same,
      };
    }
    case 'SOFTMAX': {
      const [, cols, causal] = s as [number, number, number];
      const i = Math.floor(e / cols);
      if (e % cols > lastVisible(i, cols, causal)) return map([], () => 0);
      return map(
        [
          [0, e],
          [1, i],
          [2, i],
        ],
        ([x, mx, sum]) => fr(exp32(fr(x! - mx!)) / sum!),
      );
    }
    case 'ROW_DOT': {
      const cols = s[1]!;
      return productRule(cols, (p) => [
        [0, e * cols + p],
        [1, e * cols + p],
      ]);
    }
    case 'SOFTMAX_BWD': {
      const i = Math.floor(e / s[1]!);
      return map(
        [
          [0, e],
          [1, e],
          [2, i],
        ],
        ([y, dy, d]) => fr(y! * fr(dy! - d!)),
      );
    }
    case 'LN_MEAN': {
      const cols = s[1]!;
      return sumRule(
        cols,
        (p) => [0, e * cols + p],
        (acc) => fr(acc / cols),
      );
    }
    case 'LN_RSTD': {
      const cols = s[1]!;
      const eps = f(2);
      return productRule(
        cols,
        (p) => [
          [0, e * cols + p],
          [1, e],
        ],
        ([x, mean]) => {
          const d = fr(x! - mean!);
          return [d, d];
        },
        (acc) => fr(1 / fr(Math.sqrt(fr(fr(acc / cols) + eps)))),
      );
    }
    case 'LN_Y': {
      const cols = s[1]!;
      const i = Math.floor(e / cols);
      const j = e % cols;
      return map(
        [
          [0, e],
          [1, j],
          [2, j],
          [3, i],
          [4, i],
        ],
        ([x, gamma, beta, mean, rstd]) => fr(fr(fr(fr(x! - mean!) * rstd!) * gamma!) + beta!),
      );
    }
    case 'LN_DGAMMA': {
      const [rows, cols] = s as [number, number];
      // operands x, mean, rstd, dy
      return productRule(
        rows,
        (p) => [
          [3, p * cols + e],
          [0, p * cols + e],
          [1, p],
          [2, p],
        ],
        ([dy, x, mean, rstd]) => [dy!, fr(fr(x! - mean!) * rstd!)],
      );
    }
    case 'LN_S1': {
      const cols = s[1]!;
      // operands gamma, dy
      return productRule(cols, (p) => [
        [1, e * cols + p],
        [0, p],
      ]);
    }
    case 'LN_S2': {
      const cols = s[1]!;
      // operands x, gamma, mean, rstd, dy
      return productRule(
        cols,
        (p) => [
          [4, e * cols + p],
          [1, p],
          [0, e * cols + p],
          [2, e],
          [3, e],
        ],
        ([dy, gamma, x, mean, rstd]) => [fr(dy! * gamma!), fr(fr(x! - mean!) * rstd!)],
      );
    }
    case 'LN_DX': {
      const cols = s[1]!;
      const i = Math.floor(e / cols);
      const j = e % cols;
      // operands x, gamma, mean, rstd, dy, s1, s2
      return map(
        [
          [0, e],
          [1, j],
          [2, i],
          [3, i],
          [4, e],
          [5, i],
          [6, i],
        ],
        ([x, gamma, mean, rstd, dy, s1, s2]) => {
          const xhat = fr(fr(x! - mean!) * rstd!);
          const g = fr(dy! * gamma!);
          const m1 = fr(s1! / cols);
          const m2 = fr(s2! / cols);
          return fr(rstd! * fr(fr(g - m1) - fr(xhat * m2)));
        },
      );
    }
    case 'CE_DLOGITS': {
      const [rows, cols] = s as [number, number];
      const i = Math.floor(e / cols);
      const j = e % cols;
      // operands x, targets, mx, s
      return map(
        [
          [0, e],
          [1, i],
          [2, i],
          [3, i],
        ],
        ([x, target, mx, sum]) => {
          let g = fr(exp32(fr(x! - mx!)) / sum!);
          if (j === target) g = fr(g - 1);
          return fr(g / rows);
        },
      );
    }
    case 'CE_ROW_LOSS': {
      // The logit read is the one the row's target names: read the target first.
      const target = peek(1, e);
      return map(
        [
          [1, e],
          [0, e * s[1]! + target],
          [2, e],
          [3, e],
        ],
        ([, xt, mx, sum]) => fr(fr(mx! + log32(sum!)) - xt!),
      );
    }
    case 'CE_LOSS': {
      const rows = s[0]!;
      return sumRule(
        rows,
        (p) => [0, p],
        (acc) => fr(acc / rows),
      );
    }
    case 'EMBED_GATHER': {
      const dim = s[1]!;
      const r = Math.floor(e / dim);
      return map(
        [
          [1, r],
          [0, peek(1, r) * dim + (e % dim)],
        ],
        ([, v]) => v!,
      );
    }
    case 'EMBED_SCATTER_ADD': {
      const [, dim, rows] = s as [number, number, number];
      const v = Math.floor(e / dim);
      const c = e % dim;
      return {
        form: 'sum',
        terms: rows,
        termReads: (t) => [
          [1, t - 1],
          [0, (t - 1) * dim + c],
        ],
        step: (acc, [id, d]) => (id === v ? fr(acc + d!) : acc),
        finish: same,
      };
    }
    case 'SGD_VELOCITY':
    case 'SGD_PARAM': {
      const [lr, lrwd, momentum] = [f(0), f(1), f(2)];
      return map(
        [
          [0, e],
          [1, e],
          [2, e],
        ],
        ([p, g, b]) => {
          const b1 = fr(fr(momentum * b!) + g!);
          if (op.kind === 'SGD_VELOCITY') return b1;
          const q = fr(p! - fr(lrwd * p!));
          return fr(q - fr(lr * b1));
        },
      );
    }
    case 'ADAMW_M':
    case 'ADAMW_V':
    case 'ADAMW_PARAM': {
      const [beta1, beta2, c1, c2, eps, lr, lrwd] = [0, 1, 2, 3, 4, 5, 6].map(f) as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      return map(
        [
          [0, e],
          [1, e],
          [2, e],
          [3, e],
          [4, 0],
          [5, 0],
        ],
        ([p, g, m, v, bc1, bc2]) => {
          const m1 = fr(fr(beta1 * m!) + fr(c1 * g!));
          if (op.kind === 'ADAMW_M') return m1;
          const v1 = fr(fr(beta2 * v!) + fr(c2 * fr(g! * g!)));
          if (op.kind === 'ADAMW_V') return v1;
          const d = fr(fr(Math.sqrt(fr(v1 / bc2!))) + eps);
          const q = fr(p! - fr(lrwd * p!));
          return fr(q - fr(lr * fr(fr(m1 / bc1!) / d)));
        },
      );
    }
    case 'STORE':
      return map([[0, e]], ([v]) => v!);
  }
}
