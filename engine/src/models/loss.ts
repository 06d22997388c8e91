import type { Backend, CrossEntropyResult, TensorLike } from '../backend/backend';

/** Mean cross-entropy over all rows of logits[rows×classes] and its gradient (backend-defined exactly). */
export function meanCrossEntropy<T extends TensorLike>(
  be: Backend<T>,
  logits: T,
  targets: ArrayLike<number>,
  rows: number,
  classes: number,
): CrossEntropyResult<T> {
  return be.crossEntropy(logits, targets, rows, classes);
}

/** Number of rows whose highest logit (first one on ties) is at the target index (host logits: download them first). */
export function countCorrect(logits: Float32Array, targets: ArrayLike<number>, rows: number, classes: number): number {
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestValue = logits[i * classes]!;
    for (let j = 1; j < classes; j++) {
      const v = logits[i * classes + j]!;
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    if (best === targets[i]) correct++;
  }
  return correct;
}
