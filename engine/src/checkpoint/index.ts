/**
 * Checkpoint codec and stateRoot (docs/numerics.md §III.3–§III.4). Browser-safe; the node:crypto fast
 * path lives in ./stateRoot.node.ts and is deliberately not re-exported here.
 */
export type { Checkpoint, CheckpointTensor, CheckpointDecodeLimits } from './types';
export {
  CHECKPOINT_MAGIC,
  CHECKPOINT_FORMAT_VERSION,
  CHECKPOINT_DATA_ALIGN_BYTES,
  DEFAULT_CHECKPOINT_LIMITS,
} from './format';
export { encodeCheckpoint } from './encode';
export { decodeCheckpoint } from './decode';
export { stateRoot, checkpointStateRoot } from './stateRoot';
export { STATE_ROOT_CHUNK_BYTES } from './merkle';
export { stateRootChunkProof, verifyStateRootChunk, type StateRootChunkProof } from './chunkProof';
