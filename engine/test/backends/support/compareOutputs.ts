import type { KernelCase, Outputs } from './kernelCase';
import { toBits } from './floatSource';

export function hex32(bits: number): string {
  return `0x${(bits >>> 0).toString(16).padStart(8, '0')}`;
}

function isNanBits(bits: number): boolean {
  return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0;
}

function bitsOf(value: Float32Array | number): Uint32Array {
  return typeof value === 'number'
    ? Uint32Array.of(toBits(value))
    : new Uint32Array(value.buffer, value.byteOffset, value.length);
}

/**
 * Holds `got` to `expected` bit for bit (Uint32 views: −0 and subnormals count). The first difference
 * throws, naming the kernel, backend, case shape and seed, output, index and both bit patterns. With
 * nanBits 'any', a NaN where ref has a NaN with another sign or payload is not a difference
 * (docs/numerics.md §6.1: NaN payloads are not consensus); which outputs are NaN must still match.
 * Returns how many such NaNs there were.
 */
export function compareOutputs(
  kernel: string,
  backend: string,
  c: KernelCase,
  expected: Outputs,
  got: Outputs,
  nanBits: 'exact' | 'any',
): number {
  const caseName = `case "${c.shape}" (seed ${c.seed})`;
  let otherNans = 0;
  const names = Object.keys(expected);
  if (Object.keys(got).sort().join() !== [...names].sort().join()) {
    throw new Error(
      `${kernel} on ${backend}: ${caseName}: outputs ${Object.keys(got).join(', ')}; ref has ${names.join(', ')}`,
    );
  }
  for (const name of names) {
    const e = bitsOf(expected[name]!);
    const g = bitsOf(got[name]!);
    if (e.length !== g.length) {
      throw new Error(
        `${kernel} on ${backend}: ${caseName}: output ${name} has length ${g.length}; ref's has ${e.length}`,
      );
    }
    for (let i = 0; i < e.length; i++) {
      if (e[i] === g[i]) continue;
      if (nanBits === 'any' && isNanBits(e[i]!) && isNanBits(g[i]!)) {
        otherNans++;
        continue;
      }
      throw new Error(
        `${kernel} on ${backend}: ${caseName}, output ${name}[${i}]: ref ${hex32(e[i]!)}, ${backend} ${hex32(g[i]!)}`,
      );
    }
  }
  return otherNans;
}
