import { encodeAbiParameters, keccak256, type Address, type Hex } from 'viem';

export type DisputeCommitmentParameters = {
  submissionId: bigint;
  /** The address that will call commitDispute and revealDispute: a copy of the hash is useless to anyone else. */
  challenger: Address;
  salt: Hex;
  /** The claim: its step (0 = the whole lease) and the claimed values. Records and proofs are fixed by the step. */
  step: bigint;
  claimedRoot: Hex;
  claimedLossBits: number;
};

/**
 * The hash `commitDispute` takes:
 * keccak256(abi.encode(uint256 submissionId, address challenger, bytes32 salt, uint64 step, bytes32 claimedRoot,
 * uint32 claimedLossBits)), as Coordinator.revealDispute recomputes it.
 */
export function disputeCommitment({
  submissionId,
  challenger,
  salt,
  step,
  claimedRoot,
  claimedLossBits,
}: DisputeCommitmentParameters): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: 'uint256' },
        { type: 'address' },
        { type: 'bytes32' },
        { type: 'uint64' },
        { type: 'bytes32' },
        { type: 'uint32' },
      ],
      [submissionId, challenger, salt, step, claimedRoot, claimedLossBits >>> 0],
    ),
  );
}
