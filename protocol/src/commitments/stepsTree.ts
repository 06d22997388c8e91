import { SimpleMerkleTree } from '@openzeppelin/merkle-tree';
import type { Hex } from 'viem';
import { ProtocolError } from '../errors';
import { stepLeaf } from './stepLeaf';

export type StepRecord = {
  step: bigint;
  stateRoot: Hex;
  lossBits: number;
};

export type StepsTree = {
  /** The submission's stepsRoot. */
  root: Hex;
  leaves: readonly Hex[];
  /** The Merkle proof of the record of `step` (OpenZeppelin MerkleProof, sorted pairs). */
  proof(step: bigint): Hex[];
};

/**
 * The canonical stepsRoot tree of a submission: OpenZeppelin's SimpleMerkleTree over the step leaves with its
 * default leaf sorting. Every node (worker, fraud-proofer, validator) must build exactly this tree so that a
 * recomputed stepsRoot can be compared with the committed one.
 */
export function buildStepsTree(runId: bigint, records: readonly StepRecord[]): StepsTree {
  if (records.length === 0) {
    throw new ProtocolError('INVALID_ARGUMENT', 'records must hold at least one step record');
  }
  const leaves = records.map((r) => stepLeaf({ runId, step: r.step, stateRoot: r.stateRoot, lossBits: r.lossBits }));
  const tree = SimpleMerkleTree.of(leaves);
  const indexOf = new Map(records.map((r, i) => [r.step, i]));
  return {
    root: tree.root as Hex,
    leaves,
    proof(step) {
      const i = indexOf.get(step);
      if (i === undefined) {
        throw new ProtocolError('UNKNOWN_STEP', `step ${step} is not in this submission`, { details: { step } });
      }
      return tree.getProof(leaves[i] as Hex) as Hex[];
    },
  };
}
