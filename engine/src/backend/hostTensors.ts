import type { Backend } from './backend';
import { checkDim, checkLength } from './ref/checks';

/** The tensor members of a Backend, apart from its kernels. */
export type TensorMembers = 'residency' | 'upload' | 'download' | 'zeros' | 'release' | 'scope' | 'keep' | 'allFinite';

/** True when every element is finite: v − v is 0 for finite v and NaN for NaN and ±Infinity. */
export function isAllFinite(data: ArrayLike<number>): boolean {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) return false;
  }
  return true;
}

/**
 * The tensor members of every host backend (ref, native, wasm): a tensor is the Float32Array itself, so
 * upload and download hand arrays through without copying, scopes and release leave freeing to the
 * garbage collector.
 */
export const hostTensors: Pick<Backend, TensorMembers> = {
  residency: 'host',
  upload: (data) => data,
  download(t, out) {
    if (out === undefined || out === t) return t;
    checkLength('download', 'out', out, t.length);
    out.set(t);
    return out;
  },
  zeros(length) {
    checkDim('zeros', 'length', length);
    return new Float32Array(length);
  },
  release() {},
  scope: (fn) => fn(),
  keep: (t) => t,
  allFinite: isAllFinite,
};
