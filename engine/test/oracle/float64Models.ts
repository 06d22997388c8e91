/**
 * Float64 loss functions of the MLP and the GPT, written independently of the engine's layers (plain
 * loops, Math.exp / Math.tanh / Math.log), used only as the finite-difference oracle for gradient tests.
 * Parameters come as a name → Float64Array map with the engine's canonical names and layouts.
 */
import type { GptModelSpec, MlpModelSpec } from '../../src/spec/runSpec';

export type Params64 = Map<string, Float64Array>;

function get(p: Params64, name: string): Float64Array {
  const t = p.get(name);
  if (t === undefined) throw new Error(`missing parameter ${name}`);
  return t;
}

/** y[rows×out] = x[rows×in]·W[in×out] + b. */
function linear(
  x: Float64Array,
  w: Float64Array,
  b: Float64Array | null,
  rows: number,
  nIn: number,
  nOut: number,
): Float64Array {
  const y = new Float64Array(rows * nOut);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < nOut; j++) {
      let acc = b === null ? 0 : b[j]!;
      for (let k = 0; k < nIn; k++) acc += x[i * nIn + k]! * w[k * nOut + j]!;
      y[i * nOut + j] = acc;
    }
  }
  return y;
}

function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
}

function meanCrossEntropy(logits: Float64Array, targets: ArrayLike<number>, rows: number, classes: number): number {
  let total = 0;
  for (let i = 0; i < rows; i++) {
    let mx = -Infinity;
    for (let j = 0; j < classes; j++) mx = Math.max(mx, logits[i * classes + j]!);
    let s = 0;
    for (let j = 0; j < classes; j++) s += Math.exp(logits[i * classes + j]! - mx);
    total += mx + Math.log(s) - logits[i * classes + targets[i]!]!;
  }
  return total / rows;
}

export function mlpLoss64(
  spec: MlpModelSpec,
  p: Params64,
  inputs: Float64Array,
  targets: ArrayLike<number>,
  rows: number,
): number {
  let h = inputs;
  const L = spec.layers.length - 1;
  for (let i = 0; i < L; i++) {
    const z = linear(
      h,
      get(p, `layers.${i}.weight`),
      get(p, `layers.${i}.bias`),
      rows,
      spec.layers[i]!,
      spec.layers[i + 1]!,
    );
    h = i + 1 < L ? z.map((v) => (spec.activation === 'relu' ? Math.max(0, v) : gelu(v))) : z;
  }
  return meanCrossEntropy(h, targets, rows, spec.layers[L]!);
}

function layerNorm(x: Float64Array, g: Float64Array, b: Float64Array, rows: number, cols: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < rows; i++) {
    let mean = 0;
    for (let j = 0; j < cols; j++) mean += x[i * cols + j]!;
    mean /= cols;
    let v = 0;
    for (let j = 0; j < cols; j++) v += (x[i * cols + j]! - mean) ** 2;
    v /= cols;
    const rstd = 1 / Math.sqrt(v + 1e-5);
    for (let j = 0; j < cols; j++) y[i * cols + j] = (x[i * cols + j]! - mean) * rstd * g[j]! + b[j]!;
  }
  return y;
}

export function gptLoss64(
  spec: GptModelSpec,
  p: Params64,
  tokens: ArrayLike<number>,
  targets: ArrayLike<number>,
  sequences: number,
): number {
  const { vocabSize: V, blockSize: T, nEmbd: C, nHead: H, nLayer } = spec;
  const D = C / H;
  const N = sequences * T;
  const wte = get(p, 'wte.weight');
  const wpe = get(p, 'wpe.weight');
  let x = new Float64Array(N * C);
  for (let r = 0; r < N; r++) {
    for (let c = 0; c < C; c++) x[r * C + c] = wte[tokens[r]! * C + c]! + wpe[(r % T) * C + c]!;
  }
  for (let l = 0; l < nLayer; l++) {
    const pre = `blocks.${l}.`;
    const a = layerNorm(x, get(p, `${pre}ln1.weight`), get(p, `${pre}ln1.bias`), N, C);
    const qkv = linear(a, get(p, `${pre}attn.qkv.weight`), get(p, `${pre}attn.qkv.bias`), N, C, 3 * C);
    const y = new Float64Array(N * C);
    for (let b = 0; b < sequences; b++) {
      for (let h = 0; h < H; h++) {
        for (let i = 0; i < T; i++) {
          const qRow = (b * T + i) * 3 * C + h * D;
          const scores: number[] = [];
          for (let j = 0; j <= i; j++) {
            const kRow = (b * T + j) * 3 * C + C + h * D;
            let s = 0;
            for (let d = 0; d < D; d++) s += qkv[qRow + d]! * qkv[kRow + d]!;
            scores.push(s / Math.sqrt(D));
          }
          const mx = Math.max(...scores);
          const e = scores.map((s) => Math.exp(s - mx));
          const sum = e.reduce((u, v) => u + v, 0);
          for (let d = 0; d < D; d++) {
            let acc = 0;
            for (let j = 0; j <= i; j++) acc += (e[j]! / sum) * qkv[(b * T + j) * 3 * C + 2 * C + h * D + d]!;
            y[(b * T + i) * C + h * D + d] = acc;
          }
        }
      }
    }
    const proj = linear(y, get(p, `${pre}attn.proj.weight`), get(p, `${pre}attn.proj.bias`), N, C, C);
    const x1 = x.map((v, i) => v + proj[i]!);
    const m = layerNorm(x1, get(p, `${pre}ln2.weight`), get(p, `${pre}ln2.bias`), N, C);
    const hid = linear(m, get(p, `${pre}mlp.fc.weight`), get(p, `${pre}mlp.fc.bias`), N, C, 4 * C).map(gelu);
    const out = linear(hid, get(p, `${pre}mlp.proj.weight`), get(p, `${pre}mlp.proj.bias`), N, 4 * C, C);
    x = x1.map((v, i) => v + out[i]!);
  }
  const f = layerNorm(x, get(p, 'lnf.weight'), get(p, 'lnf.bias'), N, C);
  const logits = linear(f, get(p, 'lmHead.weight'), null, N, C, V);
  return meanCrossEntropy(logits, targets, N, V);
}
