import { disputeCourtAbi } from '@veritrain/protocol';
import type { Account, Address, Chain, Client, Hex, Transport } from 'viem';
import { waitForTransactionReceipt, writeContract } from 'viem/actions';
import { DashboardError } from '../data/errors';
import { loadBallot, newSalt, saveBallot, type BallotKey, type KeyValueStorage } from './ballotStore';
import { voteCommitment, voteValue, type VoteChoice } from './commitment';

export type VoteWallet = Client<Transport, Chain | undefined, Account>;
type VoteParameters = {
  wallet: VoteWallet;
  court: Address;
  chainId: number;
  disputeId: bigint;
  storage: KeyValueStorage;
};

const keyFor = (p: VoteParameters): BallotKey => ({
  chainId: p.chainId,
  court: p.court,
  disputeId: p.disputeId,
  voter: p.wallet.account.address,
});

/**
 * Commits a vote. The salt is saved before the transaction is sent: a commit whose salt was lost cannot be
 * revealed, and an unrevealed vote is penalized.
 */
export async function commitVote(p: VoteParameters & { vote: VoteChoice }): Promise<Hex> {
  const salt = newSalt();
  saveBallot(p.storage, keyFor(p), { vote: p.vote, salt });
  const commitment = voteCommitment({ disputeId: p.disputeId, voter: p.wallet.account.address, vote: p.vote, salt });
  const hash = await writeContract(p.wallet, {
    address: p.court,
    abi: disputeCourtAbi,
    functionName: 'commitVote',
    args: [p.disputeId, commitment],
    chain: p.wallet.chain,
    account: p.wallet.account,
  });
  await waitForTransactionReceipt(p.wallet, { hash });
  return hash;
}

/** Reveals the vote committed from this browser, with the saved salt. */
export async function revealVote(p: VoteParameters): Promise<Hex> {
  const saved = loadBallot(p.storage, keyFor(p));
  if (!saved) {
    throw new DashboardError(
      'NO_SAVED_BALLOT',
      `no saved vote for dispute ${p.disputeId} and ${p.wallet.account.address} in this browser: it was committed elsewhere or the storage was cleared`,
    );
  }
  const hash = await writeContract(p.wallet, {
    address: p.court,
    abi: disputeCourtAbi,
    functionName: 'revealVote',
    args: [p.disputeId, voteValue[saved.vote], saved.salt],
    chain: p.wallet.chain,
    account: p.wallet.account,
  });
  await waitForTransactionReceipt(p.wallet, { hash });
  return hash;
}
