import type { CrossEntropyResult } from '../backend';
import { exp32 } from '../../numerics/exp';
import { log32 } from '../../numerics/log';
import { checkCrossEntropy } from './validate';

const fround = Math.fround;

/** Mean cross-entropy from logits with its gradient; the exact arithmetic is in Backend.crossEntropy. */
export function crossEntropy(
  logits: Float32Array,
  targets: ArrayLike<number>,
  rows: number,
  cols: number,
): CrossEntropyResult {
  checkCrossEntropy(logits, targets, rows, cols);
  const dlogits = new Float32Array(rows * cols);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let mx = logits[base]!;
    for (let j = 1; j < cols; j++) {
      const v = logits[base + j]!;
      if (v > mx) mx = v;
    }
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = exp32(fround(logits[base + j]! - mx));
      dlogits[base + j] = e;
      s = fround(s + e);
    }
    const t = targets[i]!;
    const rowLoss = fround(fround(mx + log32(s)) - logits[base + t]!);
    total = fround(total + rowLoss);
    for (let j = 0; j < cols; j++) {
      let gj = fround(dlogits[base + j]! / s);
      if (j === t) gj = fround(gj - 1);
      dlogits[base + j] = gj / rows;
    }
  }
  return { loss: fround(total / rows), dlogits };
}
