/** One named float32 tensor of the training state (weights or optimizer slots). */
export interface CheckpointTensor {
  name: string;
  /** Dimensions, each a positive integer; [] is a scalar (one element). */
  shape: number[];
  /** Row-major values; length = product of shape. */
  data: Float32Array;
}

/**
 * The full training state after `step`. With the counter-based PRNG there is no generator state to
 * store: every random draw is addressed by (seed, domain, index) and the step number, so `step` is
 * the PRNG state.
 */
export interface Checkpoint {
  /** keccak256 of the canonical run spec, 0x + 64 lowercase hex digits. */
  specHash: `0x${string}`;
  /** Steps applied since genesis (0 = genesis state). */
  step: number;
  tensors: CheckpointTensor[];
  /** Small extra facts (not tensors); covered by the stateRoot like everything else. */
  meta?: Record<string, string | number | boolean>;
}

/** Caps checked by decodeCheckpoint before any allocation proportional to declared sizes. */
export interface CheckpointDecodeLimits {
  /** Largest accepted encoding, bytes. */
  maxBytes?: number;
  /** Most tensors in the table. */
  maxTensors?: number;
  /** Most float32 elements over all tensors. */
  maxElements?: number;
  /** Largest accepted JSON header, bytes. */
  maxHeaderBytes?: number;
}
