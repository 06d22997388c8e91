import { encodeAbiParameters, keccak256, type Hex } from 'viem';

export type StepLeafParameters = {
  runId: bigint;
  step: bigint;
  stateRoot: Hex;
  /** IEEE-754 binary32 bits of the step's loss, as an unsigned 32-bit integer. */
  lossBits: number;
};

/**
 * The step record leaf committed in a submission's stepsRoot:
 * keccak256(abi.encode(uint256 runId, uint256 step, bytes32 stateRoot, uint256 lossBits)),
 * identical to StepRecords.leaf in contracts/src/libraries/StepRecords.sol.
 */
export function stepLeaf({ runId, step, stateRoot, lossBits }: StepLeafParameters): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'uint256' }, { type: 'uint256' }, { type: 'bytes32' }, { type: 'uint256' }],
      [runId, step, stateRoot, BigInt(lossBits >>> 0)],
    ),
  );
}
