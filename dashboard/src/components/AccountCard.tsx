import { useEffect, useState } from 'react';
import { parseUnits, type Address } from 'viem';
import { DashboardError } from '../data/errors';
import type { AccountSnapshot } from '../vote/accountActions';
import { countdown, eth, tokens } from '../app/format';
import { Address as AddressText } from './Address';

/** The chosen voter's balances and what the page can do with them; built by the VoterPicker, faked in tests. */
export type AccountControls = {
  address: Address;
  read(): Promise<AccountSnapshot>;
  claimRewards(): Promise<void>;
  withdrawCredits(): Promise<void>;
  stake(amount: bigint): Promise<void>;
  requestUnstake(amount: bigint): Promise<void>;
  withdrawUnstaked(): Promise<void>;
};

type Progress =
  | { kind: 'idle' }
  | { kind: 'sending'; what: string }
  | { kind: 'done'; what: string }
  | { kind: 'error'; message: string };

/** A reward-token amount typed by a person ("100", "0.5") in base units; the message names the field. */
export function parseTokenAmount(text: string): bigint {
  const t = text.trim();
  if (!/^\d+(\.\d{1,18})?$/.test(t)) {
    throw new DashboardError(
      'INVALID_AMOUNT',
      `amount: expected a number of VTR such as 100 or 0.5 (at most 18 decimals), got ${JSON.stringify(text)}`,
    );
  }
  const units = parseUnits(t, 18);
  if (units === 0n) throw new DashboardError('INVALID_AMOUNT', 'amount: expected more than 0 VTR');
  return units;
}

/**
 * "Your account": token balance, court stake and unbonding, ETH credits and reward tokens owed, with the
 * transactions that move them. Re-read at every new block the page sees (`headBlock`).
 */
export function AccountCard({
  account,
  headBlock,
  nowS,
}: {
  account: AccountControls;
  headBlock: bigint | undefined;
  nowS: number | undefined;
}) {
  const [snapshot, setSnapshot] = useState<AccountSnapshot | undefined>(undefined);
  const [readError, setReadError] = useState<string | undefined>(undefined);
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });
  const [amount, setAmount] = useState('');
  const [reads, setReads] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new head block or a finished action (reads) triggers a re-read
  useEffect(() => {
    let live = true;
    account.read().then(
      (s) => {
        if (!live) return;
        setSnapshot(s);
        setReadError(undefined);
      },
      (err: unknown) => live && setReadError(err instanceof Error ? err.message.split('\n')[0]! : String(err)),
    );
    return () => {
      live = false;
    };
  }, [account, headBlock, reads]);

  const run = async (what: string, action: () => Promise<void>) => {
    setProgress({ kind: 'sending', what });
    try {
      await action();
      setProgress({ kind: 'done', what });
      setReads((n) => n + 1);
    } catch (err) {
      setProgress({ kind: 'error', message: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
    }
  };
  const withAmount = (what: string, action: (units: bigint) => Promise<void>) => {
    let units: bigint;
    try {
      units = parseTokenAmount(amount);
    } catch (err) {
      setProgress({ kind: 'error', message: (err as Error).message });
      return;
    }
    void run(what, () => action(units));
  };
  const busy = progress.kind === 'sending';
  const s = snapshot;
  const released = s !== undefined && nowS !== undefined && s.unbonding > 0n && nowS >= s.releaseAtS;

  return (
    <section aria-labelledby="account-heading" className="card" data-testid="account-card">
      <h2 id="account-heading">Your account</h2>
      <p>
        <AddressText address={account.address} />
      </p>
      {readError && (
        <p role="alert" className="overdue">
          Could not read the account: {readError}
        </p>
      )}
      {!s ? (
        !readError && <p>Reading balances…</p>
      ) : (
        <dl className="facts">
          <div>
            <dt>Tokens</dt>
            <dd data-testid="account-tokens">{tokens(s.tokenBalance)}</dd>
          </div>
          <div>
            <dt>Court stake</dt>
            <dd data-testid="account-stake">
              {tokens(s.stake)}
              {s.reservedStake > 0n && ` (${tokens(s.reservedStake)} reserved by unsettled votes)`}
            </dd>
          </div>
          <div>
            <dt>Unbonding</dt>
            <dd>
              {s.unbonding === 0n
                ? 'none'
                : `${tokens(s.unbonding)}, ${released ? 'withdrawable now' : nowS !== undefined ? `withdrawable in ${countdown(s.releaseAtS - nowS)}` : 'locked'}`}
            </dd>
          </div>
          <div>
            <dt>ETH owed</dt>
            <dd data-testid="account-credits">{eth(s.creditsWei)}</dd>
          </div>
          <div>
            <dt>Rewards owed</dt>
            <dd>{tokens(s.rewardsOwed)}</dd>
          </div>
        </dl>
      )}
      <div className="vote account-actions">
        <button
          type="button"
          disabled={busy || !s || s.creditsWei === 0n}
          onClick={() => void run('withdraw ETH', account.withdrawCredits)}
        >
          Withdraw ETH
        </button>
        <button
          type="button"
          disabled={busy || !s || s.rewardsOwed === 0n}
          onClick={() => void run('claim rewards', account.claimRewards)}
        >
          Claim rewards
        </button>
        <button
          type="button"
          disabled={busy || !released}
          onClick={() => void run('withdraw unstaked', account.withdrawUnstaked)}
        >
          Withdraw unstaked
        </button>
      </div>
      <div className="vote account-actions">
        <label>
          Amount (VTR){' '}
          <input inputMode="decimal" size={10} value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <button type="button" disabled={busy} onClick={() => withAmount('stake', account.stake)}>
          Stake
        </button>
        <button type="button" disabled={busy} onClick={() => withAmount('request unstake', account.requestUnstake)}>
          Request unstake
        </button>
      </div>
      <p role="status" aria-live="polite" className="vote-progress">
        {progress.kind === 'sending' && `sending ${progress.what}…`}
        {progress.kind === 'done' && `${progress.what} sent`}
        {progress.kind === 'error' && `failed: ${progress.message}`}
      </p>
    </section>
  );
}
