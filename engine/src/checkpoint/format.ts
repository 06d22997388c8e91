/**
 * Fixed facts of the checkpoint byte layout (docs/numerics.md §III.3).
 *
 *   0   8 B  magic 89 56 54 43 4B 0D 0A 1A ("\x89VTCK\r\n\x1a")
 *   8   4 B  format version, uint32 LE (= 1)
 *   12  4 B  header length H, uint32 LE
 *   16  H B  canonical JSON header, UTF-8
 *   ..       zero bytes up to D = the next multiple of 64 at or above 16 + H
 *   D        tensor data: float32 LE, tensors in header order, contiguous
 */
// Like PNG's signature: a high-bit byte catches 7-bit channels, CR LF catches newline rewriting,
// 0x1A stops `type` on DOS consoles; "VTCK" names the format to a human with a hex dump.
export const CHECKPOINT_MAGIC = Uint8Array.of(0x89, 0x56, 0x54, 0x43, 0x4b, 0x0d, 0x0a, 0x1a);
export const CHECKPOINT_FORMAT_VERSION = 1;
export const CHECKPOINT_PREFIX_BYTES = 16;
/** Tensor data starts on a 64-byte boundary so readers can map it as Float32Array / SIMD lanes without copying. */
export const CHECKPOINT_DATA_ALIGN_BYTES = 64;
export const CHECKPOINT_DTYPE = 'f32';
export const CHECKPOINT_MAX_RANK = 16;
export const CHECKPOINT_MAX_NAME_BYTES = 1024;
export const CHECKPOINT_MAX_META_ENTRIES = 1024;

export const DEFAULT_CHECKPOINT_LIMITS = {
  maxBytes: 2 ** 30,
  maxTensors: 4096,
  maxElements: 2 ** 28,
  maxHeaderBytes: 2 ** 20,
} as const;

export function dataOffsetBytes(headerBytes: number): number {
  const end = CHECKPOINT_PREFIX_BYTES + headerBytes;
  return Math.ceil(end / CHECKPOINT_DATA_ALIGN_BYTES) * CHECKPOINT_DATA_ALIGN_BYTES;
}

export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
