import { encodeAbiParameters, keccak256, type Address, type Hex } from 'viem';

export type VoteChoice = 'fraud' | 'honest';

/** IDisputeCourt.Vote values. */
export const voteValue = { fraud: 1, honest: 2 } as const;

/** DisputeCourt.commitmentOf: keccak256(abi.encode(disputeId, voter, vote, salt)). */
export function voteCommitment(p: { disputeId: bigint; voter: Address; vote: VoteChoice; salt: Hex }): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'uint256' }, { type: 'address' }, { type: 'uint8' }, { type: 'bytes32' }],
      [p.disputeId, p.voter, voteValue[p.vote], p.salt],
    ),
  );
}
