import type { SgdSpec } from '../spec/runSpec';

const fround = Math.fround;

/**
 * One SGD-with-momentum update of one parameter tensor, in place, element by element (VT-F32: every
 * operation rounds to binary32; elements are independent, so their order does not matter):
 *   lrwd = fround(lr ⊗ weightDecay)            (once per step)
 *   b ← (μ ⊗ b) ⊕ g                             (velocity; b starts at +0, so b = g after step 1)
 *   p ← p ⊖ (lrwd ⊗ p)                          (decoupled weight decay, applied even when it is 0)
 *   p ← p ⊖ (lr ⊗ b)
 */
export function sgdUpdate(spec: SgdSpec, param: Float32Array, grad: Float32Array, velocity: Float32Array): void {
  const lr = fround(spec.lr);
  const mu = fround(spec.momentum);
  const lrwd = fround(lr * fround(spec.weightDecay));
  for (let i = 0; i < param.length; i++) {
    const b = fround(fround(mu * velocity[i]!) + grad[i]!);
    velocity[i] = b;
    let p = param[i]!;
    p = fround(p - fround(lrwd * p));
    param[i] = fround(p - fround(lr * b));
  }
}
