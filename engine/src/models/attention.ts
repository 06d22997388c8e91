import type { Backend, TensorLike } from '../backend/backend';

/** Shape of one causal self-attention call: B sequences of T positions, H heads of D channels (C = H·D). */
export type AttentionShape = { sequences: number; blockSize: number; nHead: number; headSize: number };

/** 1 ⊘ sqrt(D) in binary32: sqrt correctly rounded, then one division. */
export function attentionScale(headSize: number): number {
  return Math.fround(1 / Math.fround(Math.sqrt(headSize)));
}

export type AttentionCache<T = Float32Array> = {
  /** qkv rearranged to [B × 3H × T × D]: block (b, h) is q, (b, H+h) is k, (b, 2H+h) is v. */
  readonly qkvHeads: T;
  /** Attention probabilities [B × H × T × T] (masked entries +0). */
  readonly att: T;
};

/**
 * The per-(b, h) products as one matmulBatched call: block g = b·H + h; within a sequence b, head h of a
 * [.. × H × T × ·] tensor is `inner` floats further, and the next sequence `outer` further.
 */
function heads<T extends TensorLike>(
  be: Backend<T>,
  layout: 'nn' | 'nt' | 'tn',
  a: T,
  aAt: Strides,
  b: T,
  bAt: Strides,
  out: T,
  outAt: Strides,
  m: number,
  k: number,
  n: number,
  s: AttentionShape,
): void {
  be.matmulBatched(
    a,
    b,
    { layout, m, k, n, count: s.sequences * s.nHead, group: s.nHead, a: aAt, b: bAt, out: outAt },
    out,
  );
}

type Strides = { offset: number; outer: number; inner: number };

/**
 * Where the (b, h) blocks lie: in qkvHeads [B × 3H × T × D], q of (b, h) at (b·3H + h)·TD, k at
 * (b·3H + H + h)·TD, v at (b·3H + 2H + h)·TD; in a per-head tensor [B × H × T × ·] of `size` floats per
 * block, at (b·H + h)·size.
 */
function headStrides(s: AttentionShape) {
  const TD = s.blockSize * s.headSize;
  const H = s.nHead;
  return {
    q: { offset: 0, outer: 3 * H * TD, inner: TD },
    k: { offset: H * TD, outer: 3 * H * TD, inner: TD },
    v: { offset: 2 * H * TD, outer: 3 * H * TD, inner: TD },
    perHead: (size: number): Strides => ({ offset: 0, outer: H * size, inner: size }),
  };
}

/**
 * Causal multi-head attention core. qkv is [B·T × 3C] (the output of the qkv projection: columns 0…C−1
 * are q, C…2C−1 are k, 2C…3C−1 are v, each split into H heads of D consecutive columns). Per (b, h):
 *   S = (q · kᵀ) ⊗ scale      [T×T]  (matmulTransB, then one multiply per entry)
 *   P = softmax of each row of S with keys j > query i masked
 *   Y = P · v                 [T×D]
 * and the heads are put back side by side: y is [B·T × C].
 */
export function attentionForward<T extends TensorLike>(
  be: Backend<T>,
  qkv: T,
  s: AttentionShape,
): { y: T; cache: AttentionCache<T> } {
  const { sequences: B, blockSize: T, nHead: H, headSize: D } = s;
  const qkvHeads = be.swapAxes12(qkv, B, T, 3 * H, D);
  const TD = T * D;
  const TT = T * T;
  const { q, k, v, perHead } = headStrides(s);
  const scores = be.zeros(B * H * TT);
  heads(be, 'nt', qkvHeads, q, qkvHeads, k, scores, perHead(TT), T, D, T, s);
  be.scale(scores, attentionScale(D), scores);
  const att = be.softmaxRows(scores, B * H * T, T, true);
  const yHeads = be.zeros(B * H * TD);
  heads(be, 'nn', att, perHead(TT), qkvHeads, v, yHeads, perHead(TD), T, T, D, s);
  return { y: be.swapAxes12(yHeads, B, H, T, D), cache: { qkvHeads, att } };
}

/**
 * Backward of attentionForward, given dy [B·T × C]; returns dqkv [B·T × 3C]. Per (b, h):
 *   dP = dY · vᵀ;  dv = Pᵀ · dY;  dS = softmaxRowsBackward(P, dP) ⊗ scale;  dq = dS · k;  dk = dSᵀ · q
 */
export function attentionBackward<T extends TensorLike>(
  be: Backend<T>,
  dy: T,
  cache: AttentionCache<T>,
  s: AttentionShape,
): T {
  const { sequences: B, blockSize: T, nHead: H, headSize: D } = s;
  const { qkvHeads, att } = cache;
  const dyHeads = be.swapAxes12(dy, B, T, H, D);
  const TD = T * D;
  const TT = T * T;
  const { q, k, v, perHead } = headStrides(s);
  const dAtt = be.zeros(B * H * TT);
  const dqkvHeads = be.zeros(B * 3 * H * TD);
  heads(be, 'nt', dyHeads, perHead(TD), qkvHeads, v, dAtt, perHead(TT), T, D, T, s);
  heads(be, 'tn', att, perHead(TT), dyHeads, perHead(TD), dqkvHeads, v, T, T, D, s);
  const dScores = be.softmaxRowsBackward(att, dAtt, B * H * T, T);
  be.scale(dScores, attentionScale(D), dScores);
  heads(be, 'nn', dScores, perHead(TT), qkvHeads, k, dqkvHeads, q, T, T, D, s);
  heads(be, 'tn', dScores, perHead(TT), qkvHeads, q, dqkvHeads, k, T, T, D, s);
  return be.swapAxes12(dqkvHeads, B, 3 * H, T, D);
}
