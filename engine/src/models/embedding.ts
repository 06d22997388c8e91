import type { Backend } from '../backend/backend';

/** Position ids 0…T−1 repeated for each of the B sequences: [B·T]. */
export function positionIds(sequences: number, blockSize: number): Int32Array {
  const ids = new Int32Array(sequences * blockSize);
  for (let i = 0; i < ids.length; i++) ids[i] = i % blockSize;
  return ids;
}

/** x[N×C] = wte[token] ⊕ wpe[position] (token row first, then position row, one rounding). */
export function embeddingForward(
  be: Backend,
  wte: Float32Array,
  wpe: Float32Array,
  tokens: ArrayLike<number>,
  positions: Int32Array,
  vocabSize: number,
  blockSize: number,
  nEmbd: number,
): Float32Array {
  const tok = be.embeddingGather(wte, tokens, vocabSize, nEmbd);
  const pos = be.embeddingGather(wpe, positions, blockSize, nEmbd);
  return be.add(tok, pos, tok);
}

/**
 * Gradients of both tables: each row of dx is scatter-added into its token row and its position row,
 * rows in ascending order (so a position's gradient sums over the batch in sequence order).
 */
export function embeddingBackward(
  be: Backend,
  dx: Float32Array,
  tokens: ArrayLike<number>,
  positions: Int32Array,
  vocabSize: number,
  blockSize: number,
  nEmbd: number,
): { dwte: Float32Array; dwpe: Float32Array } {
  return {
    dwte: be.embeddingScatterAdd(dx, tokens, vocabSize, nEmbd),
    dwpe: be.embeddingScatterAdd(dx, positions, blockSize, nEmbd),
  };
}
