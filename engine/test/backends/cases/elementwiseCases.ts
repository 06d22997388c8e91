import type { AdamwScalars, Backend, SgdScalars } from '../../../src/backend/index';
import {
  ANY_MIX,
  FINITE_MIX,
  FloatSource,
  fromBits,
  NON_FINITE_BITS,
  NON_FINITE_MIX,
  toBits,
  type Mix,
} from '../support/floatSource';
import type { KernelCase, KernelSuite } from '../support/kernelCase';

/**
 * Lengths around the vector widths (4, 8, 16 lanes and the 16-element thread split) and big enough for
 * 2 and 4 threads (the native addon splits at 2·32768 elements, weighted by the kernel's cost).
 */
const LENGTHS = [
  0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 1000, 4099, 8193, 65553, 140001,
];
const COUNTING = 'distinct elements (each output element depends only on the same element of the inputs)';
/** Longer arrays repeat their first GENERATED elements: the thread splits get real data, generation stays cheap. */
const GENERATED = 12_289;

/** x repeated to length n (bit copies). */
function spread(x: Float32Array, n: number): Float32Array {
  if (x.length >= n) return x;
  const out = new Float32Array(n);
  for (let at = 0; at < n; at += x.length) out.set(x.subarray(0, Math.min(x.length, n - at)), at);
  return out;
}

const rawBits = (x: Float32Array) => new Uint32Array(x.buffer, x.byteOffset, x.length);
const unbiasedExponent = (bits: number) => ((bits >>> 23) & 0xff) - 127;

/** (1 + x·2^-12) with x odd below 2^11, times 2^e: products of two of these land exactly halfway. */
function mulTieOperand(src: FloatSource, e: number): number {
  const x = 2 * src.int(1024) + 1;
  return toBits((src.chance(0.5) ? -1 : 1) * (1 + x / 4096) * 2 ** e);
}

/** b such that a ⊕ b is exactly halfway between two binary32 values: an odd multiple of half a's ulp. */
function addTieOperand(src: FloatSource, aBits: number): number {
  const e = unbiasedExponent(aBits);
  if (e < -100 || e > 100) return src.bits(FINITE_MIX);
  return toBits((src.chance(0.5) ? -1 : 1) * (2 * src.int(4) + 1) * 2 ** (e - 24));
}

type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

/**
 * Operand pairs for a binary op: independent values, exact cancellation (b = ±a), equal operands,
 * exact ties of the op, huge against tiny, and subnormal halvings (ties in the subnormal range).
 */
function binaryOperands(src: FloatSource, op: BinaryOp, n: number): { a: Float32Array; b: Float32Array } {
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const ab = rawBits(a);
  const bb = rawBits(b);
  for (let i = 0; i < n; i++) {
    const mode = src.int(11);
    if (mode < 4) {
      ab[i] = src.bits(ANY_MIX);
      bb[i] = src.bits(ANY_MIX);
    } else if (mode === 10) {
      ab[i] = src.pick(NON_FINITE_BITS);
      bb[i] = src.pick(NON_FINITE_BITS);
    } else if (mode === 4) {
      ab[i] = src.bits(FINITE_MIX);
      bb[i] = op === 'sub' || op === 'div' ? ab[i]! : (ab[i]! ^ 0x80000000) >>> 0;
    } else if (mode === 5) {
      ab[i] = src.bits(FINITE_MIX);
      bb[i] = src.chance(0.5) ? ab[i]! : (ab[i]! ^ 0x80000000) >>> 0;
    } else if (mode <= 7) {
      if (op === 'add' || op === 'sub') {
        ab[i] = src.exponentRange(-40, 40);
        bb[i] = addTieOperand(src, ab[i]!);
      } else if (op === 'mul') {
        const e = src.int(120) - 60;
        ab[i] = mulTieOperand(src, e);
        bb[i] = mulTieOperand(src, src.int(120) - 60 - e);
      } else {
        ab[i] = src.bits({ subnormal: 3, edge: 1 });
        bb[i] = toBits(src.pick([2, 4, -2, 8, 1.5, 3]));
      }
    } else if (mode === 8) {
      ab[i] = src.bits({ huge: 1 });
      bb[i] = src.bits({ tiny: 1, subnormal: 1 });
      if (src.chance(0.5)) [ab[i], bb[i]] = [bb[i]!, ab[i]!];
    } else {
      ab[i] = src.bits({ subnormal: 2, tiny: 1 });
      bb[i] = op === 'div' ? toBits(src.pick([2, 4, 0.5])) : toBits(src.pick([0.5, 0.25, 1.5, -0.5]));
    }
  }
  return { a, b };
}

type Alias = 'none' | 'out' | 'out=a' | 'out=b' | 'out=a=b';

/** An elementwise binary op with `out` absent, separate, or aliasing a, b or both (all allowed). */
function binaryCase(op: BinaryOp, n: number, seed: number): KernelCase {
  const src = new FloatSource(seed);
  const g = binaryOperands(src, op, Math.min(n, GENERATED));
  const a = spread(g.a, n);
  const b = spread(g.b, n);
  const alias = src.pick<Alias>(['none', 'out', 'out=a', 'out=b', 'out=a=b']);
  return {
    shape: `${a.length} ${alias}`,
    seed,
    cases: g.a.length,
    run(be) {
      const f = be[op].bind(be);
      if (alias === 'none') return { out: f(a, b) };
      if (alias === 'out') return { out: f(a, b, new Float32Array(a.length)) };
      if (alias === 'out=a') {
        const x = a.slice();
        return { out: f(x, b, x) };
      }
      if (alias === 'out=b') {
        const y = b.slice();
        return { out: f(a, y, y) };
      }
      const x = a.slice();
      return { out: f(x, x, x) };
    },
  };
}

/** A unary op on x (of which the first n elements were generated), with out absent or x itself (allowed). */
function unaryCase(
  src: FloatSource,
  seed: number,
  n: number,
  x: Float32Array,
  label: string,
  call: (be: Backend, x: Float32Array, out?: Float32Array) => Float32Array,
): KernelCase {
  const inPlace = src.chance(0.3);
  return {
    shape: `${x.length}${label}${inPlace ? ' out=x' : ''}`,
    seed,
    cases: n,
    run(be) {
      if (!inPlace) return { out: call(be, x) };
      const y = x.slice();
      return { out: call(be, y, y) };
    },
  };
}

/** Scalars for scale and addScalar: ordinary, ties, edges, non-finite and values that round to binary32. */
const SCALARS = [
  0.1,
  -3,
  0.5,
  2,
  1 + 3 / 4096,
  1e30,
  1e-30,
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  1e39,
  1e-46,
  3.4028235677973366e38,
  1.401298464324817e-45,
  1e-8,
  -1,
];

function scalarCase(op: 'scale' | 'addScalar', length: number, seed: number): KernelCase {
  const src = new FloatSource(seed);
  const s = src.pick(SCALARS);
  const s32 = Math.fround(s);
  const n = Math.min(length, GENERATED);
  const generated = new Float32Array(n);
  const ab = rawBits(generated);
  for (let i = 0; i < n; i++) {
    // Ties: for scale, (1 + x·2^-12)-shaped a against s = 1 + 3·2^-12, and subnormals against s = 0.5;
    // for addScalar, odd multiples of half of s's ulp.
    const tie = src.chance(0.3) && Number.isFinite(s32) && s32 !== 0;
    if (!tie) ab[i] = src.bits(ANY_MIX);
    else if (op === 'scale') ab[i] = s32 === 0.5 ? src.bits({ subnormal: 1 }) : mulTieOperand(src, src.int(60) - 30);
    else ab[i] = addTieOperand(src, toBits(s32));
  }
  return unaryCase(src, seed, n, spread(generated, length), ` s=${s}`, (be, x, out) => be[op](x, s, out));
}

/** sqrt inputs: the mix plus perfect squares, squares of (1 + x·2^-12) and subnormals. */
function sqrtCase(length: number, seed: number): KernelCase {
  const src = new FloatSource(seed);
  const n = Math.min(length, GENERATED);
  const generated = new Float32Array(n);
  const ab = rawBits(generated);
  for (let i = 0; i < n; i++) {
    const mode = src.int(6);
    if (mode === 0) ab[i] = toBits(src.int(4096) ** 2);
    else if (mode === 1) ab[i] = toBits(fromBits(mulTieOperand(src, src.int(40) - 20)) ** 2);
    else if (mode === 2) ab[i] = src.bits({ subnormal: 1, tiny: 1 });
    else ab[i] = src.bits(ANY_MIX);
  }
  return unaryCase(src, seed, n, spread(generated, length), '', (be, x, out) => be.sqrt(x, out));
}

/** The GELU input where C ⊗ u crosses `z` (tanh's branch point 0.55, or exp overflowing), by bisection. */
function geluInputWhereZIs(z: number): number {
  let lo = 0;
  let hi = 64;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    const x = Math.fround(mid);
    const u = Math.fround(x + Math.fround(Math.fround(0.044715) * Math.fround(Math.fround(x * x) * x)));
    if (Math.fround(Math.fround(0.7978845608028654) * u) < z) lo = mid;
    else hi = mid;
  }
  return Math.fround(lo);
}

/** GELU inputs near its thresholds: tanh's branch (|z| = 0.55), exp overflow inside tanh (|z| = 44.5). */
const GELU_EDGES = [geluInputWhereZIs(0.55), geluInputWhereZIs(44.5), 6.98e12, 1.84e19];

function activationInput(src: FloatSource, n: number, gelu: boolean): Float32Array {
  const x = new Float32Array(n);
  const xb = rawBits(x);
  for (let i = 0; i < n; i++) {
    const mode = src.int(8);
    if (mode < 2 && gelu) {
      const edge = toBits(src.pick(GELU_EDGES));
      xb[i] = ((edge + src.int(4097) - 2048) | (src.chance(0.5) ? 0x80000000 : 0)) >>> 0;
    } else if (mode < 4) {
      xb[i] = toBits(-12 + src.unit01() * 24);
    } else {
      xb[i] = src.bits(ANY_MIX);
    }
  }
  return x;
}

function activationCase(op: 'relu' | 'gelu', length: number, seed: number): KernelCase {
  const src = new FloatSource(seed);
  const n = Math.min(length, GENERATED);
  return unaryCase(src, seed, n, spread(activationInput(src, n, op === 'gelu'), length), '', (be, x, out) =>
    be[op](x, out),
  );
}

function activationBackwardCase(op: 'reluBackward' | 'geluBackward', length: number, seed: number): KernelCase {
  const src = new FloatSource(seed);
  const n = Math.min(length, GENERATED);
  const x = spread(activationInput(src, n, op === 'geluBackward'), length);
  const dy = spread(src.floats(n, src.chance(0.8) ? ANY_MIX : NON_FINITE_MIX), length);
  const alias = src.pick(['none', 'out=x', 'out=dy']);
  return {
    shape: `${length} ${alias}`,
    seed,
    cases: n,
    run(be) {
      if (alias === 'none') return { out: be[op](x, dy) };
      if (alias === 'out=x') {
        const y = x.slice();
        return { out: be[op](y, dy, y) };
      }
      const d = dy.slice();
      return { out: be[op](x, d, d) };
    },
  };
}

const f = Math.fround;

function sgdScalars(src: FloatSource): SgdScalars {
  const mode = src.int(4);
  if (mode === 0) return { lr: f(0.05), momentum: f(0.9), lrwd: f(f(0.05) * f(1e-4)) };
  if (mode === 1) return { lr: f(0.1), momentum: 0, lrwd: 0 };
  const any = () => fromBits(src.bits(mode === 2 ? { unit: 2, wide: 1 } : { ...FINITE_MIX, nonFinite: 0.3 }));
  return { lr: any(), momentum: any(), lrwd: any() };
}

function adamwScalars(src: FloatSource): AdamwScalars {
  const beta1 = f(src.pick([0.9, 0.8, 0]));
  const beta2 = f(src.pick([0.999, 0.99, 0.95]));
  const t = 1 + src.int(1000);
  const lr = f(src.pick([0.001, 0.003, 3e-4, 1]));
  const s = {
    beta1,
    beta2,
    c1: f(1 - beta1),
    c2: f(1 - beta2),
    lr,
    eps: f(src.pick([1e-8, 1e-6, 0])),
    lrwd: f(lr * f(src.pick([0.01, 0.1, 0]))),
  };
  const bc = { bc1: f(1 - f(beta1 ** t)), bc2: f(1 - f(beta2 ** t)) };
  if (src.chance(0.75)) return { ...s, ...bc };
  // Arbitrary binary32 scalars, zeros and non-finite among them.
  const any = () => fromBits(src.bits({ ...FINITE_MIX, nonFinite: 0.2 }));
  return {
    beta1: any(),
    beta2: any(),
    c1: any(),
    c2: any(),
    lr: any(),
    eps: any(),
    lrwd: any(),
    bc1: any(),
    bc2: any(),
  };
}

/** `count` optimizer tensors of `length` elements, the first n generated, each finite, mixed or NaN-heavy. */
function stateTensors(src: FloatSource, n: number, length: number, count: number): Float32Array[] {
  return Array.from({ length: count }, () =>
    spread(src.floats(n, src.pick<Mix>([FINITE_MIX, FINITE_MIX, FINITE_MIX, ANY_MIX, NON_FINITE_MIX])), length),
  );
}

function sgdCase(length: number, seed: number): KernelCase {
  const src = new FloatSource(seed);
  const n = Math.min(length, GENERATED);
  const [param, grad, velocity] = stateTensors(src, n, length, 3) as [Float32Array, Float32Array, Float32Array];
  const s = sgdScalars(src);
  return {
    shape: `${length} lr=${s.lr} momentum=${s.momentum} lrwd=${s.lrwd}`,
    seed,
    cases: n,
    run(be) {
      const p = param.slice();
      const v = velocity.slice();
      be.sgdUpdate(p, grad, v, s);
      return { param: p, velocity: v };
    },
  };
}

function adamwCase(length: number, seed: number): KernelCase {
  const src = new FloatSource(seed);
  const n = Math.min(length, GENERATED);
  const [param, grad, m, v] = stateTensors(src, n, length, 4) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  // v is a running mean of squares: ≥ 0 mostly; negative entries make sqrt NaN.
  const vBits = rawBits(v);
  for (let i = 0; i < n; i++) if (src.chance(0.9)) vBits[i] = vBits[i]! & 0x7fffffff;
  for (let i = n; i < length; i++) vBits[i] = vBits[i - n]!;
  const s = adamwScalars(src);
  return {
    shape: `${length} ${Object.entries(s)
      .map(([k, x]) => `${k}=${x}`)
      .join(' ')}`,
    seed,
    cases: n,
    run(be) {
      const p = param.slice();
      const mm = m.slice();
      const vv = v.slice();
      be.adamwUpdate(p, grad, mm, vv, s);
      return { param: p, m: mm, v: vv };
    },
  };
}

/** One case per length, seeds from `base`. */
function perLength(base: number, make: (n: number, seed: number) => KernelCase): () => KernelCase[] {
  return () => LENGTHS.map((n, i) => make(n, base + i));
}

export const elementwiseSuites: readonly KernelSuite[] = [
  ...(['add', 'sub', 'mul', 'div'] as const).map((op, k) => ({
    kernel: op,
    counting: COUNTING,
    cases: perLength(0x10000 * (k + 1), (n, s) => binaryCase(op, n, s)),
  })),
  { kernel: 'scale', counting: COUNTING, cases: perLength(0x50000, (n, s) => scalarCase('scale', n, s)) },
  { kernel: 'addScalar', counting: COUNTING, cases: perLength(0x60000, (n, s) => scalarCase('addScalar', n, s)) },
  { kernel: 'sqrt', counting: COUNTING, cases: perLength(0x70000, sqrtCase) },
  { kernel: 'relu', counting: COUNTING, cases: perLength(0x80000, (n, s) => activationCase('relu', n, s)) },
  {
    kernel: 'reluBackward',
    counting: COUNTING,
    cases: perLength(0x90000, (n, s) => activationBackwardCase('reluBackward', n, s)),
  },
  { kernel: 'gelu', counting: COUNTING, cases: perLength(0xa0000, (n, s) => activationCase('gelu', n, s)) },
  {
    kernel: 'geluBackward',
    counting: COUNTING,
    cases: perLength(0xb0000, (n, s) => activationBackwardCase('geluBackward', n, s)),
  },
  { kernel: 'sgdUpdate', counting: COUNTING, cases: perLength(0xc0000, sgdCase) },
  { kernel: 'adamwUpdate', counting: COUNTING, cases: perLength(0xd0000, adamwCase) },
];
