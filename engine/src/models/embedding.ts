import type { Backend, TensorLike } from '../backend/backend';

/** Position ids 0…T−1 repeated for each of the B sequences: [B·T]. */
export function positionIds(sequences: number, blockSize: number): Int32Array {
  const ids = new Int32Array(sequences * blockSize);
  for (let i = 0; i < ids.length; i++) ids[i] = i % blockSize;
  return ids;
}

/** x[N×C] = wte[token] ⊕ wpe[position] (token row first, then position row, one rounding). */
export function embeddingForward<T extends TensorLike>(
  be: Backend<T>,
  wte: T,
  wpe: T,
  tokens: ArrayLike<number>,
  positions: Int32Array,
  vocabSize: number,
  blockSize: number,
  nEmbd: number,
): T {
  const tok = be.embeddingGather(wte, tokens, vocabSize, nEmbd);
  const pos = be.embeddingGather(wpe, positions, blockSize, nEmbd);
  return be.add(tok, pos, tok);
}

/**
 * Gradients of both tables: each row of dx is scatter-added into its token row and its position row,
 * rows in ascending order (so a position's gradient sums over the batch in sequence order).
 */
export function embeddingBackward<T extends TensorLike>(
  be: Backend<T>,
  dx: T,
  tokens: ArrayLike<number>,
  positions: Int32Array,
  vocabSize: number,
  blockSize: number,
  nEmbd: number,
): { dwte: T; dwpe: T } {
  return {
    dwte: be.embeddingScatterAdd(dx, tokens, vocabSize, nEmbd),
    dwpe: be.embeddingScatterAdd(dx, positions, blockSize, nEmbd),
  };
}
