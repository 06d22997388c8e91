import { EngineError } from '../../errors';

/** Where a tensor uploaded from a host view came from (the host adapter's overlap checks use it). */
export type HostOrigin = { readonly buffer: ArrayBufferLike; readonly byteOffset: number; readonly byteLength: number };

/**
 * A tensor of the CUDA backend: a handle into the addon's table of device buffers. It has a length and
 * nothing to index: its elements are reached only through `download`.
 */
export class CudaTensor {
  constructor(
    /** The addon's handle. */
    readonly id: number,
    readonly length: number,
    /** Set by the host adapter: the host view this tensor mirrors. */
    readonly origin?: HostOrigin,
  ) {}
}

/** Same tensor, or mirrors of host views that overlap (writing one would change the other). */
export function cudaTensorsOverlap(a: CudaTensor, b: CudaTensor): boolean {
  if (a === b) return true;
  const x = a.origin;
  const y = b.origin;
  if (x === undefined || y === undefined || x.buffer !== y.buffer) return false;
  return (
    x.byteLength > 0 &&
    y.byteLength > 0 &&
    x.byteOffset < y.byteOffset + y.byteLength &&
    y.byteOffset < x.byteOffset + x.byteLength
  );
}

/** t's handle; a host array (or anything else) where a tensor belongs is INVALID_ARGUMENT. */
export function tensorId(backend: string, t: unknown): number {
  if (t instanceof CudaTensor) return t.id;
  throw new EngineError(
    'INVALID_ARGUMENT',
    `${backend}: ${Object.prototype.toString.call(t)} is not a tensor of this backend (upload host data first)`,
    {
      details: { backend },
    },
  );
}
