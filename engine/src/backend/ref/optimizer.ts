import type { AdamwScalars, SgdScalars } from '../backend';
import { checkAdamwUpdate, checkSgdUpdate } from './validate';

const fround = Math.fround;

/** SGD with momentum in place; the exact arithmetic is in Backend.sgdUpdate. */
export function sgdUpdate(param: Float32Array, grad: Float32Array, velocity: Float32Array, s: SgdScalars): void {
  checkSgdUpdate(param, grad, velocity);
  const { lr, momentum, lrwd } = s;
  for (let i = 0; i < param.length; i++) {
    const b = fround(fround(momentum * velocity[i]!) + grad[i]!);
    velocity[i] = b;
    let p = param[i]!;
    p = fround(p - fround(lrwd * p));
    param[i] = fround(p - fround(lr * b));
  }
}

/** AdamW in place; the exact arithmetic is in Backend.adamwUpdate. */
export function adamwUpdate(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  s: AdamwScalars,
): void {
  checkAdamwUpdate(param, grad, m, v);
  const { beta1, beta2, c1, c2, lr, eps, lrwd, bc1, bc2 } = s;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i]!;
    const mi = fround(fround(beta1 * m[i]!) + fround(c1 * g));
    const vi = fround(fround(beta2 * v[i]!) + fround(c2 * fround(g * g)));
    m[i] = mi;
    v[i] = vi;
    const mHat = fround(mi / bc1);
    const vHat = fround(vi / bc2);
    const denom = fround(fround(Math.sqrt(vHat)) + eps);
    let p = param[i]!;
    p = fround(p - fround(lrwd * p));
    param[i] = fround(p - fround(lr * fround(mHat / denom)));
  }
}
