import type { Backend } from '../backend/backend';

/** Shape of one causal self-attention call: B sequences of T positions, H heads of D channels (C = H·D). */
export type AttentionShape = { sequences: number; blockSize: number; nHead: number; headSize: number };

/** 1 ⊘ sqrt(D) in binary32: sqrt correctly rounded, then one division. */
export function attentionScale(headSize: number): number {
  return Math.fround(1 / Math.fround(Math.sqrt(headSize)));
}

export type AttentionCache = {
  /** qkv rearranged to [B × 3H × T × D]: block (b, h) is q, (b, H+h) is k, (b, 2H+h) is v. */
  readonly qkvHeads: Float32Array;
  /** Attention probabilities [B × H × T × T] (masked entries +0). */
  readonly att: Float32Array;
};

function block(a: Float32Array, index: number, size: number): Float32Array {
  return a.subarray(index * size, (index + 1) * size);
}

/**
 * Causal multi-head attention core. qkv is [B·T × 3C] (the output of the qkv projection: columns 0…C−1
 * are q, C…2C−1 are k, 2C…3C−1 are v, each split into H heads of D consecutive columns). Per (b, h):
 *   S = (q · kᵀ) ⊗ scale      [T×T]  (matmulTransB, then one multiply per entry)
 *   P = softmax of each row of S with keys j > query i masked
 *   Y = P · v                 [T×D]
 * and the heads are put back side by side: y is [B·T × C].
 */
export function attentionForward(be: Backend, qkv: Float32Array, s: AttentionShape): { y: Float32Array; cache: AttentionCache } {
  const { sequences: B, blockSize: T, nHead: H, headSize: D } = s;
  const qkvHeads = be.swapAxes12(qkv, B, T, 3 * H, D);
  const scores = new Float32Array(B * H * T * T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const q = block(qkvHeads, b * 3 * H + h, T * D);
      const k = block(qkvHeads, b * 3 * H + H + h, T * D);
      be.matmulTransB(q, k, T, D, T, block(scores, b * H + h, T * T));
    }
  }
  be.scale(scores, attentionScale(D), scores);
  const att = be.softmaxRows(scores, B * H * T, T, true);
  const yHeads = new Float32Array(B * H * T * D);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const v = block(qkvHeads, b * 3 * H + 2 * H + h, T * D);
      be.matmul(block(att, b * H + h, T * T), v, T, T, D, block(yHeads, b * H + h, T * D));
    }
  }
  return { y: be.swapAxes12(yHeads, B, H, T, D), cache: { qkvHeads, att } };
}

/**
 * Backward of attentionForward, given dy [B·T × C]; returns dqkv [B·T × 3C]. Per (b, h):
 *   dP = dY · vᵀ;  dv = Pᵀ · dY;  dS = softmaxRowsBackward(P, dP) ⊗ scale;  dq = dS · k;  dk = dSᵀ · q
 */
export function attentionBackward(be: Backend, dy: Float32Array, cache: AttentionCache, s: AttentionShape): Float32Array {
  const { sequences: B, blockSize: T, nHead: H, headSize: D } = s;
  const { qkvHeads, att } = cache;
  const dyHeads = be.swapAxes12(dy, B, T, H, D);
  const dAtt = new Float32Array(B * H * T * T);
  const dqkvHeads = new Float32Array(B * 3 * H * T * D);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const dY = block(dyHeads, b * H + h, T * D);
      const v = block(qkvHeads, b * 3 * H + 2 * H + h, T * D);
      be.matmulTransB(dY, v, T, D, T, block(dAtt, b * H + h, T * T));
      be.matmulTransA(block(att, b * H + h, T * T), dY, T, T, D, block(dqkvHeads, b * 3 * H + 2 * H + h, T * D));
    }
  }
  const dScores = be.softmaxRowsBackward(att, dAtt, B * H * T, T);
  be.scale(dScores, attentionScale(D), dScores);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const dS = block(dScores, b * H + h, T * T);
      const q = block(qkvHeads, b * 3 * H + h, T * D);
      const k = block(qkvHeads, b * 3 * H + H + h, T * D);
      be.matmul(dS, k, T, T, D, block(dqkvHeads, b * 3 * H + h, T * D));
      be.matmulTransA(dS, q, T, T, D, block(dqkvHeads, b * 3 * H + H + h, T * D));
    }
  }
  return be.swapAxes12(dqkvHeads, B, 3 * H, T, D);
}
