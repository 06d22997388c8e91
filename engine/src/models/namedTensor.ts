/** A named float32 tensor, row-major. Same shape as the checkpoint codec's tensor entries. */
export type NamedTensor = { name: string; shape: number[]; data: Float32Array };

export function tensorSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
