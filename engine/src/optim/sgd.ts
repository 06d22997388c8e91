import type { Backend, SgdScalars, TensorLike } from '../backend/backend';
import type { SgdSpec } from '../spec/runSpec';

const fround = Math.fround;

/**
 * The per-step SGD scalars in binary32: lr, momentum and lrwd = fround(lr ⊗ weightDecay). The update
 * itself (Backend.sgdUpdate) is, element by element:
 *   b ← (μ ⊗ b) ⊕ g                             (velocity; b starts at +0, so b = g after step 1)
 *   p ← p ⊖ (lrwd ⊗ p)                          (decoupled weight decay, applied even when it is 0)
 *   p ← p ⊖ (lr ⊗ b)
 */
export function sgdScalars(spec: SgdSpec): SgdScalars {
  const lr = fround(spec.lr);
  return { lr, momentum: fround(spec.momentum), lrwd: fround(lr * fround(spec.weightDecay)) };
}

/** One SGD-with-momentum update of one parameter tensor, in place, on the given backend. */
export function sgdUpdate<T extends TensorLike>(be: Backend<T>, spec: SgdSpec, param: T, grad: T, velocity: T): void {
  be.sgdUpdate(param, grad, velocity, sgdScalars(spec));
}
