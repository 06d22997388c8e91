// The training API's names for the binary32 bit helpers of numerics/f32.ts (one implementation).
export { f32ToBits as float32Bits, bitsToF32 as float32FromBits } from '../numerics/f32';
