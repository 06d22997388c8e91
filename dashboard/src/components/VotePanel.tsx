import { useState, type ReactNode } from 'react';
import type { Address } from 'viem';
import type { DisputePhase, DisputeView } from '../data';
import type { VoteChoice } from '../vote/commitment';
import type { AccountControls } from './AccountCard';
import { eth, tokens } from '../app/format';

/** What the page can do for the chosen voter; built by the App from a wallet, faked in tests. */
export type Voting = {
  address: Address;
  commit(disputeId: number, vote: VoteChoice): Promise<void>;
  reveal(disputeId: number): Promise<void>;
  /** Settles this voter's ballot once the dispute is resolved (majority paid, penalty taken). */
  settle(disputeId: number): Promise<void>;
  /** The voter's balances and the transactions that move them (the "Your account" card). */
  account?: AccountControls;
};

type Progress =
  | { kind: 'idle' }
  | { kind: 'sending'; what: string }
  | { kind: 'done'; what: string }
  | { kind: 'error'; message: string };

export function VotePanel({ dispute, phase, voting }: { dispute: DisputeView; phase: DisputePhase; voting: Voting }) {
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });
  const ballot = Object.values(dispute.ballots).find((b) => b.voter.toLowerCase() === voting.address.toLowerCase());
  const run = async (what: string, action: () => Promise<void>) => {
    setProgress({ kind: 'sending', what });
    try {
      await action();
      setProgress({ kind: 'done', what });
    } catch (err) {
      setProgress({ kind: 'error', message: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
    }
  };
  const busy = progress.kind === 'sending';
  let body: ReactNode;
  if (phase === 'commit' && !ballot) {
    body = (
      <>
        <button
          type="button"
          disabled={busy}
          onClick={() => void run('commit', () => voting.commit(dispute.id, 'fraud'))}
        >
          Vote fraud
        </button>{' '}
        <button
          type="button"
          disabled={busy}
          onClick={() => void run('commit', () => voting.commit(dispute.id, 'honest'))}
        >
          Vote honest
        </button>
      </>
    );
  } else if (phase === 'reveal' && ballot?.vote === 'hidden') {
    body = (
      <button type="button" disabled={busy} onClick={() => void run('reveal', () => voting.reveal(dispute.id))}>
        Reveal my vote
      </button>
    );
  } else if (ballot) {
    const voted = ballot.vote === 'hidden' ? 'committed' : `revealed: ${ballot.vote}`;
    const s = ballot.settled;
    body = (
      <>
        <span>{voted}</span>
        {phase === 'resolved' && !s && (
          <button type="button" disabled={busy} onClick={() => void run('settle', () => voting.settle(dispute.id))}>
            Settle
          </button>
        )}
        {s && (
          <span data-testid="ballot-settled">
            {s.majority
              ? `settled: +${tokens(s.tokenReward)}, +${eth(s.ethRewardWei)}`
              : `settled: −${tokens(s.tokenPenalty)}`}
          </span>
        )}
      </>
    );
  } else {
    body = <span>—</span>;
  }
  return (
    <div className="vote">
      {body}
      <span role="status" aria-live="polite" className="vote-progress">
        {progress.kind === 'sending' && ` sending ${progress.what}…`}
        {progress.kind === 'done' && ` ${progress.what} sent`}
        {progress.kind === 'error' && ` failed: ${progress.message}`}
      </span>
    </div>
  );
}
