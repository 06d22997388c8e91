import { coordinatorAbi, disputeCourtAbi, rewardTokenAbi } from '@veritrain/protocol';
import type { Address, Hex } from 'viem';
import { readContract, waitForTransactionReceipt, writeContract } from 'viem/actions';
import { DashboardError } from '../data/errors';
import type { VoteWallet } from './castVote';

/** The contracts a voter's account touches. */
export type AccountContracts = { coordinator: Address; court: Address; token: Address };

/** What the chain holds for one account, read with view calls at the head. */
export type AccountSnapshot = {
  tokenBalance: bigint;
  /** Active court stake (votes with it). */
  stake: bigint;
  /** Part of the stake that unsettled votes may still lose. */
  reservedStake: bigint;
  /** Requested out of the court, withdrawable at releaseAtS. */
  unbonding: bigint;
  releaseAtS: number;
  /** ETH the coordinator owes this account (bonds back, rewards for catching fraud): `withdraw` pays it. */
  creditsWei: bigint;
  /** Reward tokens accrued for finalized steps: `claimRewards` mints them. */
  rewardsOwed: bigint;
};

export async function readAccount(wallet: VoteWallet, c: AccountContracts, account: Address): Promise<AccountSnapshot> {
  const [tokenBalance, v, creditsWei, rewardsOwed] = await Promise.all([
    readContract(wallet, { address: c.token, abi: rewardTokenAbi, functionName: 'balanceOf', args: [account] }),
    readContract(wallet, { address: c.court, abi: disputeCourtAbi, functionName: 'validator', args: [account] }),
    readContract(wallet, { address: c.coordinator, abi: coordinatorAbi, functionName: 'credits', args: [account] }),
    readContract(wallet, { address: c.coordinator, abi: coordinatorAbi, functionName: 'rewardsOwed', args: [account] }),
  ]);
  return {
    tokenBalance,
    stake: v.stake,
    reservedStake: v.reserved,
    unbonding: v.unbonding,
    releaseAtS: Number(v.releaseAt),
    creditsWei,
    rewardsOwed,
  };
}

/** Sends one transaction and waits for it; a revert becomes an error naming what was attempted. */
async function send(wallet: VoteWallet, what: string, request: Parameters<typeof writeContract>[1]): Promise<Hex> {
  const hash = await writeContract(wallet, request);
  const receipt = await waitForTransactionReceipt(wallet, { hash });
  if (receipt.status !== 'success') throw new DashboardError('TX_REVERTED', `${what} reverted in transaction ${hash}`);
  return hash;
}

const tx = (wallet: VoteWallet) => ({ chain: wallet.chain, account: wallet.account });

/** Settles a voter's ballot in a resolved dispute: pays the majority, takes the penalty from the rest. */
export function settleVote(wallet: VoteWallet, court: Address, disputeId: bigint, voter: Address): Promise<Hex> {
  return send(wallet, `settle(dispute ${disputeId})`, {
    address: court,
    abi: disputeCourtAbi,
    functionName: 'settle',
    args: [disputeId, voter],
    ...tx(wallet),
  });
}

export function claimRewards(wallet: VoteWallet, coordinator: Address): Promise<Hex> {
  return send(wallet, 'claimRewards', {
    address: coordinator,
    abi: coordinatorAbi,
    functionName: 'claimRewards',
    args: [],
    ...tx(wallet),
  });
}

export function withdrawCredits(wallet: VoteWallet, coordinator: Address): Promise<Hex> {
  return send(wallet, 'withdraw', {
    address: coordinator,
    abi: coordinatorAbi,
    functionName: 'withdraw',
    args: [],
    ...tx(wallet),
  });
}

/** Approves exactly what is missing of the allowance, then stakes. */
export async function stakeTokens(wallet: VoteWallet, c: AccountContracts, amount: bigint): Promise<Hex> {
  const allowance = await readContract(wallet, {
    address: c.token,
    abi: rewardTokenAbi,
    functionName: 'allowance',
    args: [wallet.account.address, c.court],
  });
  if (allowance < amount) {
    await send(wallet, 'approve', {
      address: c.token,
      abi: rewardTokenAbi,
      functionName: 'approve',
      args: [c.court, amount],
      ...tx(wallet),
    });
  }
  return send(wallet, 'stake', {
    address: c.court,
    abi: disputeCourtAbi,
    functionName: 'stake',
    args: [amount],
    ...tx(wallet),
  });
}

export function requestUnstake(wallet: VoteWallet, court: Address, amount: bigint): Promise<Hex> {
  return send(wallet, 'requestUnstake', {
    address: court,
    abi: disputeCourtAbi,
    functionName: 'requestUnstake',
    args: [amount],
    ...tx(wallet),
  });
}

export function withdrawUnstaked(wallet: VoteWallet, court: Address): Promise<Hex> {
  return send(wallet, 'withdrawUnstaked', {
    address: court,
    abi: disputeCourtAbi,
    functionName: 'withdrawUnstaked',
    args: [],
    ...tx(wallet),
  });
}
