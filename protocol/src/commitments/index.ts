export { stepLeaf, type StepLeafParameters } from './stepLeaf';
export { buildStepsTree, type StepRecord, type StepsTree } from './stepsTree';
export { packLosses, unpackLosses, float32ToBits, bitsToFloat32 } from './losses';
export { disputeCommitment, type DisputeCommitmentParameters } from './disputeCommitment';
