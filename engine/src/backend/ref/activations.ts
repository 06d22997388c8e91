import { bitsToF32 } from '../../numerics/f32';
import { tanh32 } from '../../numerics/tanh';
import { prepareUnary, prepareUnaryBackward } from './validate';

const fround = Math.fround;

/** √(2/π) rounded to binary32 (0x3f4c422a). */
export const GELU_C = bitsToF32(0x3f4c422a);
/** 0.044715 rounded to binary32 (0x3d372713). */
export const GELU_A = bitsToF32(0x3d372713);
/** 3·0.044715 rounded to binary32 (0x3e095d4f), the derivative's coefficient. */
export const GELU_A3 = bitsToF32(0x3e095d4f);

export function relu(x: Float32Array, out?: Float32Array): Float32Array {
  const r = prepareUnary('relu', x, out);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    // biome-ignore lint/complexity/useMathMinMax: relu(NaN) and relu(-0) are +0 (docs/numerics.md); Math.max(NaN, 0) is NaN
    r[i] = v > 0 ? v : 0;
  }
  return r;
}

export function reluBackward(x: Float32Array, dy: Float32Array, out?: Float32Array): Float32Array {
  const r = prepareUnaryBackward('reluBackward', x, dy, out);
  for (let i = 0; i < x.length; i++) r[i] = x[i]! > 0 ? dy[i]! : 0;
  return r;
}

/** GELU (tanh form); the exact operation order is in Backend.gelu. */
export function geluScalar(x: number): number {
  const x2 = fround(x * x);
  const x3 = fround(x2 * x);
  const u = fround(x + fround(GELU_A * x3));
  const t = tanh32(fround(GELU_C * u));
  return fround(fround(0.5 * x) * fround(1 + t));
}

/** gelu'(x); the exact operation order is in Backend.geluBackward. */
export function geluDerivativeScalar(x: number): number {
  const x2 = fround(x * x);
  const x3 = fround(x2 * x);
  const u = fround(x + fround(GELU_A * x3));
  const t = tanh32(fround(GELU_C * u));
  const left = fround(0.5 * fround(1 + t));
  const sech2 = fround(1 - fround(t * t));
  const du = fround(1 + fround(GELU_A3 * x2));
  const right = fround(fround(fround(0.5 * x) * sech2) * fround(GELU_C * du));
  return fround(left + right);
}

export function gelu(x: Float32Array, out?: Float32Array): Float32Array {
  const r = prepareUnary('gelu', x, out);
  for (let i = 0; i < x.length; i++) r[i] = geluScalar(x[i]!);
  return r;
}

export function geluBackward(x: Float32Array, dy: Float32Array, out?: Float32Array): Float32Array {
  const r = prepareUnaryBackward('geluBackward', x, dy, out);
  for (let i = 0; i < x.length; i++) r[i] = dy[i]! * geluDerivativeScalar(x[i]!);
  return r;
}
