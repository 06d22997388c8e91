import { refBackend, type Backend } from '../../../src/backend/index';
import { ANY_MIX, FINITE_MIX, FloatSource, toBits } from '../support/floatSource';
import { markedOut, type KernelCase, type KernelSuite } from '../support/kernelCase';

/** Row lengths around the vector widths, 1 and 1000, the char model's 73 symbols. */
const COLS = [1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 73, 100, 1000];
const COUNTING = 'rows (each row is one independent reduction)';

/** x ⊖ max at and around exp's limits: normal underflow (−87.34), −88.7, −89, −103.9 and −104 (→ +0). */
const EXP_EDGES = [-87.33654022216797, -88.7, -89, -103.9, -103.97, -104, -104.00001, -150];

type RowProfile = 'scores' | 'spread' | 'underflow' | 'ties' | 'huge' | 'finite' | 'special' | 'negInf';
const ROW_PROFILES: readonly RowProfile[] = [
  'scores',
  'scores',
  'spread',
  'underflow',
  'underflow',
  'ties',
  'huge',
  'finite',
  'special',
  'negInf',
];

/** One row of logits or scores in the given profile, written into x[base … base+cols). */
function fillRow(src: FloatSource, x: Float32Array, base: number, cols: number, profile: RowProfile): void {
  const bits = new Uint32Array(x.buffer, x.byteOffset + base * 4, cols);
  for (let j = 0; j < cols; j++) {
    switch (profile) {
      case 'scores':
        x[base + j] = -6 + 12 * src.unit01();
        break;
      case 'spread':
        x[base + j] = -200 + 400 * src.unit01();
        break;
      case 'underflow': {
        // The max is 0 (set below), so these are the exponents exp sees, nudged by a few ulps.
        const edge = toBits(src.pick(EXP_EDGES));
        bits[j] = src.chance(0.8) ? edge + src.int(9) - 4 : toBits(-110 + 30 * src.unit01());
        break;
      }
      case 'ties':
        x[base + j] = src.int(3);
        break;
      case 'huge':
        bits[j] = src.bits({ huge: 3, unit: 1 });
        break;
      case 'finite':
        bits[j] = src.bits(FINITE_MIX);
        break;
      case 'special':
        bits[j] = src.bits(ANY_MIX);
        break;
      case 'negInf':
        bits[j] = src.chance(0.9) ? 0xff800000 : src.bits(FINITE_MIX);
        break;
    }
  }
  if (profile === 'underflow' && cols > 0) x[base + src.int(cols)] = 0;
}

function rowsOf(src: FloatSource, rows: number, cols: number): Float32Array {
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) fillRow(src, x, i * cols, cols, src.pick(ROW_PROFILES));
  return x;
}

/** rows × cols with at least `minRows` rows in all, every COLS value several times, and big ones for threads. */
function rowShapes(seed: number, causal: boolean): [number, number][] {
  const src = new FloatSource(seed);
  const out: [number, number][] = [];
  let rows = 0;
  const push = (r: number, c: number) => {
    out.push([r, c]);
    rows += r;
  };
  push(0, 5);
  push(0, 0);
  if (!causal) push(3, 0);
  for (let round = 0; rows < 10_500; round++) {
    const cols = COLS[round % COLS.length]!;
    const blocks = 1 + src.int(cols <= 16 ? 40 : 4);
    const r = causal ? cols * blocks : 1 + src.int(Math.max(1, Math.floor(4000 / cols)));
    if (r * cols <= 120_000) push(r, cols);
  }
  if (causal) push(64 * 16, 16);
  else push(2000, 33);
  return out;
}

/** A row kernel's call with out absent or given (marked): `rows` cases. */
function rowsCase(
  src: FloatSource,
  seed: number,
  rows: number,
  cols: number,
  label: string,
  call: (be: Backend, out?: Float32Array) => Float32Array,
): KernelCase {
  const withOut = src.chance(0.5);
  return {
    shape: `${rows}x${cols}${label}${withOut ? ' out' : ''}`,
    seed,
    cases: rows,
    run: (be) => ({ out: call(be, withOut ? markedOut(rows * cols) : undefined) }),
  };
}

function softmaxCases(causal: boolean): KernelCase[] {
  return rowShapes(causal ? 0x210000 : 0x200000, causal).map(([rows, cols], i) => {
    const seed = (causal ? 0x210100 : 0x200100) + i;
    const src = new FloatSource(seed);
    const x = rowsOf(src, rows, cols);
    return rowsCase(src, seed, rows, cols, causal ? ' causal' : '', (be, out) =>
      be.softmaxRows(x, rows, cols, causal, out),
    );
  });
}

function softmaxBackwardCases(): KernelCase[] {
  return rowShapes(0x220000, false).map(([rows, cols], i) => {
    const seed = 0x220100 + i;
    const src = new FloatSource(seed);
    // y: a real softmax output (plain or causal, so with masked +0s) or arbitrary values.
    const causal = cols > 0 && rows % cols === 0 && src.chance(0.3);
    const y = src.chance(0.7)
      ? refBackend.softmaxRows(rowsOf(src, rows, cols), rows, cols, causal)
      : src.floats(rows * cols, ANY_MIX);
    const dy = src.floats(rows * cols, src.chance(0.8) ? FINITE_MIX : ANY_MIX);
    return rowsCase(src, seed, rows, cols, causal ? ' y causal' : '', (be, out) =>
      be.softmaxRowsBackward(y, dy, rows, cols, out),
    );
  });
}

type NormProfile = 'normal' | 'constant' | 'offset' | 'huge' | 'tiny' | 'special';
const NORM_PROFILES: readonly NormProfile[] = ['normal', 'normal', 'constant', 'offset', 'huge', 'tiny', 'special'];
const EPSILONS = [1e-5, 1e-5, 0, 1e-30, 1, 1e-45, 1e-8];

/** Rows for layer norm: ordinary, constant (variance 0), large offset (cancellation), overflowing, subnormal. */
function normRows(src: FloatSource, rows: number, cols: number): Float32Array {
  const x = new Float32Array(rows * cols);
  const bits = new Uint32Array(x.buffer);
  for (let i = 0; i < rows; i++) {
    const profile = src.pick(NORM_PROFILES);
    const c = -3 + 8 * src.unit01();
    for (let j = i * cols; j < (i + 1) * cols; j++) {
      if (profile === 'normal') x[j] = c + 2 * (src.unit01() - 0.5);
      else if (profile === 'constant') x[j] = c;
      else if (profile === 'offset') x[j] = 1e4 * c + src.unit01();
      else if (profile === 'huge') bits[j] = src.bits({ huge: 1 });
      else if (profile === 'tiny') bits[j] = src.bits({ subnormal: 1, tiny: 1 });
      else bits[j] = src.bits(ANY_MIX);
    }
  }
  return x;
}

function normShapes(seed: number): [number, number][] {
  return [...rowShapes(seed, false), [1000, 48], [600, 128]];
}

type NormInputs = { src: FloatSource; seed: number; rows: number; cols: number; x: Float32Array; gamma: Float32Array };

/** Every norm shape's x and gamma from its seed (base + 0x100 + index); `make` adds the kernel's own inputs. */
function normCases(base: number, make: (inputs: NormInputs) => KernelCase): KernelCase[] {
  return normShapes(base).map(([rows, cols], i) => {
    const seed = base + 0x100 + i;
    const src = new FloatSource(seed);
    const x = normRows(src, rows, cols);
    const gamma = src.floats(cols, src.chance(0.8) ? { unit: 4, edge: 0.3 } : ANY_MIX);
    return make({ src, seed, rows, cols, x, gamma });
  });
}

function layerNormCases(): KernelCase[] {
  return normCases(0x230000, ({ src, seed, rows, cols, x, gamma }) => {
    const beta = src.floats(cols, src.chance(0.8) ? { unit: 4, zero: 1 } : ANY_MIX);
    const eps = src.pick(EPSILONS);
    return {
      shape: `${rows}x${cols} eps=${eps}`,
      seed,
      cases: rows,
      run: (be) => ({ ...be.layerNorm(x, gamma, beta, rows, cols, eps) }),
    };
  });
}

function layerNormBackwardCases(): KernelCase[] {
  return normCases(0x240000, ({ src, seed, rows, cols, x, gamma }) => {
    // mean and rstd as layerNorm gives them, or arbitrary.
    const fromForward = src.chance(0.7);
    const forward = refBackend.layerNorm(x, gamma, new Float32Array(cols), rows, cols, 1e-5);
    const mean = fromForward ? forward.mean : src.floats(rows, ANY_MIX);
    const rstd = fromForward ? forward.rstd : src.floats(rows, FINITE_MIX);
    const dy = src.floats(rows * cols, src.chance(0.8) ? FINITE_MIX : ANY_MIX);
    return {
      shape: `${rows}x${cols}${fromForward ? '' : ' arbitrary mean/rstd'}`,
      seed,
      cases: rows + cols,
      run: (be) => ({ ...be.layerNormBackward(x, gamma, mean, rstd, dy, rows, cols) }),
    };
  });
}

function crossEntropyCases(): KernelCase[] {
  const list = rowShapes(0x250000, false).filter(([, cols]) => cols > 0);
  list.push([4096, 10], [64, 1000]);
  return list.map(([rows, cols], i) => {
    const seed = 0x250100 + i;
    const src = new FloatSource(seed);
    const logits = rowsOf(src, rows, cols);
    const t = Array.from({ length: rows }, () => src.int(cols));
    const kind = src.int(3);
    const targets = kind === 0 ? Int32Array.from(t) : kind === 1 && cols <= 256 ? Uint8Array.from(t) : t;
    return {
      shape: `${rows}x${cols}`,
      seed,
      cases: rows,
      run: (be) => ({ ...be.crossEntropy(logits, targets, rows, cols) }),
    };
  });
}

export const rowSuites: readonly KernelSuite[] = [
  { kernel: 'softmaxRows', counting: COUNTING, cases: () => softmaxCases(false) },
  { kernel: 'softmaxRows (causal)', counting: COUNTING, cases: () => softmaxCases(true) },
  { kernel: 'softmaxRowsBackward', counting: COUNTING, cases: softmaxBackwardCases },
  { kernel: 'layerNorm', counting: COUNTING, cases: layerNormCases },
  {
    kernel: 'layerNormBackward',
    counting: 'rows of dx plus columns of dgamma and dbeta',
    cases: layerNormBackwardCases,
  },
  { kernel: 'crossEntropy', counting: COUNTING, cases: crossEntropyCases },
];
