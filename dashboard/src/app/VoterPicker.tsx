import { useState } from 'react';
import type { Address } from 'viem';
import type { DataSource } from '../data';
import type { Voting } from '../components/VotePanel';
import type { VoteWallet } from '../vote/castVote';

export type VoteTarget = { rpcUrl: string; chainId: number; court: Address };

const ANVIL_CHAIN_ID = 31337;

/** Chooses who votes from this page: nobody (watch only), the browser wallet, or an anvil account on a devnet. */
export function VoterPicker({ target, source, onVoting }: { target: VoteTarget; source: DataSource; onVoting(v: Voting | undefined): void }) {
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const hasInjected = typeof window !== 'undefined' && window.ethereum !== undefined;
  const devnet = target.chainId === ANVIL_CHAIN_ID;
  if (!hasInjected && !devnet) return null;

  async function pick(value: string) {
    setChoice(value);
    setError(undefined);
    if (!value) return onVoting(undefined);
    try {
      let wallet: VoteWallet;
      if (value === 'injected') {
        const { injectedWallet } = await import('../vote/injectedWallet');
        wallet = await injectedWallet(target.chainId);
      } else {
        const { devnetWallet } = await import('../vote/devnetWallet');
        wallet = devnetWallet(Number(value.slice('anvil:'.length)), target.rpcUrl);
      }
      // Transaction code is loaded with the wallet, not for every watcher.
      const { commitVote, revealVote } = await import('../vote/castVote');
      const base = { wallet, court: target.court, chainId: target.chainId, storage: window.localStorage };
      onVoting({
        address: wallet.account.address,
        async commit(disputeId, vote) {
          await commitVote({ ...base, disputeId: BigInt(disputeId), vote });
          await source.update();
        },
        async reveal(disputeId) {
          await revealVote({ ...base, disputeId: BigInt(disputeId) });
          await source.update();
        },
      });
    } catch (err) {
      setChoice('');
      onVoting(undefined);
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <label className="voter">
      Vote as{' '}
      <select value={choice} onChange={(e) => void pick(e.target.value)}>
        <option value="">nobody (watch)</option>
        {hasInjected && <option value="injected">browser wallet</option>}
        {devnet &&
          Array.from({ length: 10 }, (_, i) => (
            <option key={i} value={`anvil:${i}`}>
              anvil account {i}
            </option>
          ))}
      </select>
      {error && (
        <span role="alert" className="overdue">
          {' '}
          {error}
        </span>
      )}
    </label>
  );
}
