import { useEffect, useState } from 'react';
import type { Address } from 'viem';
import type { DataSource } from '../data';
import type { Voting } from '../components/VotePanel';
import type { VoteWallet } from '../vote/castVote';

export type VoteTarget = { rpcUrl: string; chainId: number; court: Address; coordinator: Address; token: Address };

const ANVIL_CHAIN_ID = 31337;

/** Chooses who votes from this page: nobody (watch only), the browser wallet, or an anvil account on a devnet. */
export function VoterPicker({ target, source, onVoting }: { target: VoteTarget; source: DataSource; onVoting(v: Voting | undefined): void }) {
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const hasInjected = typeof window !== 'undefined' && window.ethereum !== undefined;
  const devnet = target.chainId === ANVIL_CHAIN_ID;
  // A devnet account picked in this tab is picked again after a reload: a voter who reloads between commit and
  // reveal still sees the reveal button. (A browser wallet is not reconnected unasked.)
  const rememberKey = `veritrain.voter.${target.chainId}.${target.court.toLowerCase()}`;
  useEffect(() => {
    const saved = devnet ? window.sessionStorage.getItem(rememberKey) : null;
    if (saved?.startsWith('anvil:')) void pick(saved);
    // Once, on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (!hasInjected && !devnet) return null;

  async function pick(value: string) {
    setChoice(value);
    setError(undefined);
    if (value.startsWith('anvil:')) window.sessionStorage.setItem(rememberKey, value);
    else window.sessionStorage.removeItem(rememberKey);
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
      const [{ commitVote, revealVote }, actions] = await Promise.all([import('../vote/castVote'), import('../vote/accountActions')]);
      const base = { wallet, court: target.court, chainId: target.chainId, storage: window.localStorage };
      const contracts = { coordinator: target.coordinator, court: target.court, token: target.token };
      const address = wallet.account.address;
      // Each transaction is followed by an update, so the page shows its effect without waiting for the next poll.
      const then = async (sent: Promise<unknown>) => {
        await sent;
        await source.update();
      };
      onVoting({
        address,
        settle: (disputeId) => then(actions.settleVote(wallet, target.court, BigInt(disputeId), address)),
        account: {
          address,
          read: () => actions.readAccount(wallet, contracts, address),
          claimRewards: () => then(actions.claimRewards(wallet, target.coordinator)),
          withdrawCredits: () => then(actions.withdrawCredits(wallet, target.coordinator)),
          stake: (amount) => then(actions.stakeTokens(wallet, contracts, amount)),
          requestUnstake: (amount) => then(actions.requestUnstake(wallet, target.court, amount)),
          withdrawUnstaked: () => then(actions.withdrawUnstaked(wallet, target.court)),
        },
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
