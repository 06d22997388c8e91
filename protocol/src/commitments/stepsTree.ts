import { concat, keccak256, type Hex } from 'viem';
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
  /** The positional Merkle proof of the record of `step` (sibling per level, leaf to root). */
  proof(step: bigint): Hex[];
  /** The proof of the last record, which `submit` takes as `finalProof`. */
  finalProof: Hex[];
};

const ZERO_LEAF: Hex = `0x${'00'.repeat(32)}`;

/**
 * The canonical stepsRoot tree of a submission, identical to StepRecords in contracts/src/libraries: a positional
 * binary Merkle tree whose leaf i is the record of step firstStep + i, padded with zero leaves to the next power
 * of two, each node keccak256(left ‖ right) in that order. Records must cover consecutive steps in order. Every
 * node (worker, fraud-proofer, validator) must build exactly this tree so that a recomputed stepsRoot can be
 * compared with the committed one.
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
  let width = 1;
  while (width < leaves.length) width *= 2;
  const layers: Hex[][] = [[...leaves, ...Array<Hex>(width - leaves.length).fill(ZERO_LEAF)]];
  while (layers.at(-1)!.length > 1) {
    const below = layers.at(-1)!;
    const next: Hex[] = [];
    for (let i = 0; i < below.length; i += 2) next.push(keccak256(concat([below[i]!, below[i + 1]!])));
    layers.push(next);
  }
  const proofAt = (index: number): Hex[] => {
    const out: Hex[] = [];
    let i = index;
    for (const layer of layers.slice(0, -1)) {
      out.push(layer[i ^ 1]!);
      i >>= 1;
    }
    return out;
  };
  const last = records.length - 1;
  return {
    root: layers.at(-1)![0]!,
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
