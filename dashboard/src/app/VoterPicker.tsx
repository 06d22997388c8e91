import { useEffect, useState } from 'react';
import type { Address } from 'viem';
import type { DashboardState, DataSource } from '../data';
import { tokens } from './format';
import type { Voting } from '../components/VotePanel';
import type { VoteWallet } from '../vote/castVote';

export type VoteTarget = { rpcUrl: string; chainId: number; court: Address; coordinator: Address; token: Address };

const ANVIL_CHAIN_ID = 31337;

/** Anvil's ten well-known accounts (its public test mnemonic), by index: listed here so that the picker can show
 *  which of them hold court stake without loading key-derivation code for watchers (checked against the
 *  derivation in VoterPicker.test.ts). */
export const ANVIL_ADDRESSES: readonly Address[] = [
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
];

/** "anvil account 9 (staked 500 VTR)": a voter needs stake, so the list says who has it. */
function anvilLabel(index: number, validators: DashboardState['validators']): string {
  const address = ANVIL_ADDRESSES[index]!.toLowerCase();
  const stake = Object.values(validators).find((v) => v.address.toLowerCase() === address)?.stake ?? 0n;
  return stake > 0n ? `anvil account ${index} (staked ${tokens(stake)})` : `anvil account ${index}`;
}

/** Chooses who votes from this page: nobody (watch only), the browser wallet, or an anvil account on a devnet. */
export function VoterPicker({
  target,
  source,
  onVoting,
}: {
  target: VoteTarget;
  source: DataSource;
  onVoting(v: Voting | undefined): void;
}) {
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const hasInjected = typeof window !== 'undefined' && window.ethereum !== undefined;
  const devnet = target.chainId === ANVIL_CHAIN_ID;
  // A devnet account picked in this tab is picked again after a reload: a voter who reloads between commit and
  // reveal still sees the reveal button. (A browser wallet is not reconnected unasked.)
  const rememberKey = `veritrain.voter.${target.chainId}.${target.court.toLowerCase()}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on mount (a later change of target remounts the picker)
  useEffect(() => {
    const saved = devnet ? window.sessionStorage.getItem(rememberKey) : null;
    if (saved?.startsWith('anvil:')) void pick(saved);
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
      const [{ commitVote, revealVote }, actions] = await Promise.all([
        import('../vote/castVote'),
        import('../vote/accountActions'),
      ]);
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
          Array.from({ length: 10 }, (_, account) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the index is the anvil account number, a stable identity
            <option key={account} value={`anvil:${account}`}>
              {anvilLabel(account, source.getState().validators)}
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
