const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The IEEE-754 binary32 bit pattern of a float32 value, as an unsigned integer. */
export function float32Bits(value: number): number {
  f32[0] = value;
  return u32[0]!;
}

/** The float32 value of a bit pattern (inverse of float32Bits). */
export function float32FromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}
