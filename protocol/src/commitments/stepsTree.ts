import { bytesToHex, concat, hexToBytes, type Hex } from 'viem';
import { ProtocolError } from '../errors';
import { buildPositionalTree } from './positionalTree';
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
  /** The positional Merkle proof of the record of `step` (sibling per level, leaf to root). */
  proof(step: bigint): Hex[];
  /** The proof of the last record, which `submit` takes as `finalProof`. */
  finalProof: Hex[];
};

/**
 * The canonical stepsRoot tree of a submission, identical to StepRecords in contracts/src/libraries: a positional
 * binary Merkle tree whose leaf i is the record of step firstStep + i, padded with zero leaves to the next power
 * of two, each node keccak256(left ‖ right) in that order. Records must cover consecutive steps in order. Every
 * node (worker, fraud-proofer, validator) must build exactly this tree so that a recomputed stepsRoot can be
 * compared with the committed one. The tree is the shared positional tree (positionalTree.ts).
 */
export function buildStepsTree(runId: bigint, records: readonly StepRecord[]): StepsTree {
  if (records.length === 0) {
    throw new ProtocolError('INVALID_ARGUMENT', 'records must hold at least one step record');
  }
  const first = records[0]!.step;
  records.forEach((r, i) => {
    if (r.step !== first + BigInt(i)) {
      throw new ProtocolError(
        'INVALID_ARGUMENT',
        `records must cover consecutive steps: record ${i} is step ${r.step}, expected ${first + BigInt(i)}`,
        { details: { index: i, step: r.step, expected: first + BigInt(i) } },
      );
    }
  });
  const leaves = records.map((r) => stepLeaf({ runId, step: r.step, stateRoot: r.stateRoot, lossBits: r.lossBits }));
  const tree = buildPositionalTree(hexToBytes(concat(leaves)));
  const proofAt = (index: number): Hex[] => tree.proof(index).map((sibling) => bytesToHex(sibling));
  const last = records.length - 1;
  return {
    root: bytesToHex(tree.root),
    leaves,
    proof(step) {
      const i = step - first;
      if (i < 0n || i >= BigInt(records.length)) {
        throw new ProtocolError('UNKNOWN_STEP', `step ${step} is not in this submission`, { details: { step } });
      }
      return proofAt(Number(i));
    },
    finalProof: proofAt(last),
  };
}
