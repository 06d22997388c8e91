export { stepLeaf, type StepLeafParameters } from './stepLeaf';
export { buildStepsTree, type StepRecord, type StepsTree } from './stepsTree';
export { packLosses, unpackLosses, float32ToBits, bitsToFloat32 } from './losses';
export { disputeCommitment, type DisputeCommitmentParameters } from './disputeCommitment';
export {
  buildPositionalTree,
  bytesEqual,
  DISSECTION_LEVELS,
  foldDescendants,
  hashBlocks64,
  hashPair,
  positionalTreeDepth,
  verifyPositionalProof,
  type HashBlocks64,
  type PositionalTree,
} from './positionalTree';
export { keccak256Of64 } from './keccak256Of64';
export {
  sha256TreeLeaf,
  sha256TreeNode,
  sha256TreeNextLevel,
  sha256TreeRoot,
  SHA256_TREE_LEAF_PREFIX,
  SHA256_TREE_NODE_PREFIX,
  type Sha256Parts,
} from './sha256Tree';
