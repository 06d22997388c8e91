import type { AdamwScalars, Backend, TensorLike } from '../backend/backend';
import type { AdamwSpec } from '../spec/runSpec';

const fround = Math.fround;

/** Per-step AdamW scalars, computed once per step from the stored β powers (see adamwScalars). */
export type AdamwStepScalars = {
  /** 1 ⊖ β1^t */
  readonly bc1: number;
  /** 1 ⊖ β2^t */
  readonly bc2: number;
};

/**
 * Advances the stored powers for step t (they hold β^(t−1) before, β^t after):
 *   β1^t = β1^(t−1) ⊗ β1;  β2^t = β2^(t−1) ⊗ β2;  bc1 = 1 ⊖ β1^t;  bc2 = 1 ⊖ β2^t
 * Repeated binary32 multiplication rather than pow, because pow is not correctly rounded anywhere.
 */
export function advanceAdamwPowers(
  spec: AdamwSpec,
  beta1Power: Float32Array,
  beta2Power: Float32Array,
): AdamwStepScalars {
  const p1 = fround(beta1Power[0]! * fround(spec.beta1));
  const p2 = fround(beta2Power[0]! * fround(spec.beta2));
  beta1Power[0] = p1;
  beta2Power[0] = p2;
  return { bc1: fround(1 - p1), bc2: fround(1 - p2) };
}

/** The per-step AdamW scalars in binary32 (Backend.adamwUpdate has the update itself). */
export function adamwScalars(spec: AdamwSpec, scalars: AdamwStepScalars): AdamwScalars {
  const beta1 = fround(spec.beta1);
  const beta2 = fround(spec.beta2);
  const lr = fround(spec.lr);
  return {
    beta1,
    beta2,
    c1: fround(1 - beta1),
    c2: fround(1 - beta2),
    lr,
    eps: fround(spec.eps),
    lrwd: fround(lr * fround(spec.weightDecay)),
    bc1: scalars.bc1,
    bc2: scalars.bc2,
  };
}

/**
 * One AdamW update of one parameter tensor, in place, element by element (VT-F32), on the given backend:
 *   c1 = 1 ⊖ β1;  c2 = 1 ⊖ β2;  lrwd = lr ⊗ weightDecay              (once per step)
 *   m ← (β1 ⊗ m) ⊕ (c1 ⊗ g)
 *   v ← (β2 ⊗ v) ⊕ (c2 ⊗ (g ⊗ g))
 *   m̂ = m ⊘ bc1;  v̂ = v ⊘ bc2;  d = sqrt(v̂) ⊕ eps
 *   p ← p ⊖ (lrwd ⊗ p)                                              (decoupled weight decay)
 *   p ← p ⊖ (lr ⊗ (m̂ ⊘ d))
 */
export function adamwUpdate<T extends TensorLike>(
  be: Backend<T>,
  spec: AdamwSpec,
  scalars: AdamwStepScalars,
  param: T,
  grad: T,
  m: T,
  v: T,
): void {
  be.adamwUpdate(param, grad, m, v, adamwScalars(spec, scalars));
}
