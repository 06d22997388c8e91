import type { Checkpoint } from './types';

/** Shared by the checkpoint tests (not exported from index.ts). */
export const SPEC_HASH = `0x${'11'.repeat(32)}` as const;

/** The golden checkpoint of docs/numerics.md §III.3.6 (tensors deliberately out of order). */
export function goldenCheckpoint(): Checkpoint {
  return {
    specHash: SPEC_HASH,
    step: 3,
    tensors: [
      { name: 'b', shape: [2, 3], data: Float32Array.of(1, -2, 0.5, -0, 3.25, 1e-40) },
      { name: 'a', shape: [], data: Float32Array.of(42) },
      { name: 'layers.0.weight', shape: [4], data: Float32Array.of(0.1, -0.1, 1e30, -3.4028234663852886e38) },
    ],
    meta: { note: 'h\u00e9llo\n', lr: 0.001, ok: true, epoch: 2 },
  };
}

// From engine/test/golden/state-reference.py, an independent Python encoder.
export const GOLDEN_CHECKPOINT_HEX =
  '895654434b0d0a1a01000000810100007b227370656348617368223a223078313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131313131' +
  '31222c2273746570223a332c2274656e736f7273223a5b7b226e616d65223a2261222c227368617065223a5b5d2c226474797065223a22663332222c22627974654f6666736574223a302c22627974654c656e677468223a347d2c7b226e616d65223a2262222c227368617065223a5b322c335d2c226474797065223a22663332222c22627974654f6666736574223a342c22627974654c656e677468223a32347d2c7b226e616d65223a226c61796572732e302e776569676874222c227368617065223a5b345d2c226474797065223a22663332222c22627974654f6666736574223a32382c22627974654c656e677468223a31367d5d2c226d657461223a7b2265706f6368223a322c226c72223a302e3030312c226e6f7465223a2268c3a96c6c6f5c6e222c226f6b223a747275657d7d0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000028420000803f000000c00000003f0000008000005040c2160100cdcccc3dcdccccbdcaf24971ffff7fff';
export const GOLDEN_CHECKPOINT_STATE_ROOT = '0x8589881afb914a54768f0224c46879fcccb3aa82499aec9487891e40c134c878';

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
