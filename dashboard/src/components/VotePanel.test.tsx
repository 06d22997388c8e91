// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DisputeStatus, Vote } from '@veritrain/protocol';
import { foldEvents } from '../data/reducer';
import { emptyState, type DisputeView } from '../data/types';
import { CAROL, V1, ev, root } from '../data/testing/events';
import { DisputesTable } from './DisputesTable';
import type { Voting } from './VotePanel';

afterEach(cleanup);

function dispute(extra: Parameters<typeof foldEvents>[1] = []): DisputeView {
  const s = foldEvents(emptyState(), [
    ev('CaseOpened', { disputeId: 1n, snapshotBlock: 7, totalWeight: 300n, commitEnd: 1000n, revealEnd: 2000n }, 8, 0),
    ev(
      'DisputeOpened',
      {
        runId: 1n,
        submissionId: 2n,
        disputeId: 1n,
        challenger: CAROL,
        step: 3n,
        workerRoot: root(3),
        workerLossBits: 0x40000000,
        claimedRoot: root(33),
        claimedLossBits: 0x3f800000,
        bondWei: 1n,
      },
      8,
      1,
    ),
    ...extra,
  ]);
  return s.disputes[1]!;
}

function fakeVoting(fail = false) {
  const calls: string[] = [];
  const voting: Voting = {
    address: V1,
    async commit(id, vote) {
      calls.push(`commit ${id} ${vote}`);
      if (fail) throw new Error('user rejected the request\nmore');
    },
    async reveal(id) {
      calls.push(`reveal ${id}`);
    },
    async settle(id) {
      calls.push(`settle ${id}`);
    },
  };
  return { calls, voting };
}

describe('voting from the disputes table', () => {
  it('offers fraud and honest in the commit phase and reports the commit sent', async () => {
    const { calls, voting } = fakeVoting();
    render(<DisputesTable disputes={[dispute()]} nowS={900} voting={voting} />);
    expect(screen.getByRole('columnheader', { name: 'Your vote' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Vote fraud' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(' commit sent'));
    expect(calls).toEqual(['commit 1 fraud']);
  });

  it('offers the reveal once this voter committed and the reveal phase began', async () => {
    const { calls, voting } = fakeVoting();
    const d = dispute([ev('VoteCommitted', { disputeId: 1n, voter: V1, weight: 100n }, 9)]);
    const { unmount } = render(<DisputesTable disputes={[d]} nowS={900} voting={voting} />);
    expect(screen.queryByRole('button', { name: 'Vote fraud' })).toBeNull();
    expect(screen.getByText('committed')).toBeTruthy();
    unmount();
    render(<DisputesTable disputes={[d]} nowS={1500} voting={voting} />);
    fireEvent.click(screen.getByRole('button', { name: 'Reveal my vote' }));
    await waitFor(() => expect(calls).toEqual(['reveal 1']));
  });

  it('shows the revealed vote, and a failed transaction by its first line', async () => {
    const revealed = dispute([
      ev('VoteCommitted', { disputeId: 1n, voter: V1, weight: 100n }, 9),
      ev('VoteRevealed', { disputeId: 1n, voter: V1, vote: Vote.Honest, weight: 100n }, 10),
    ]);
    const { unmount } = render(<DisputesTable disputes={[revealed]} nowS={1500} voting={fakeVoting().voting} />);
    expect(screen.getByText('revealed: honest')).toBeTruthy();
    unmount();
    render(<DisputesTable disputes={[dispute()]} nowS={900} voting={fakeVoting(true).voting} />);
    fireEvent.click(screen.getByRole('button', { name: 'Vote honest' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(' failed: user rejected the request'));
  });

  it('offers to settle a ballot once the dispute is resolved, then shows what the settlement paid', async () => {
    const { calls, voting } = fakeVoting();
    const voted = [
      ev('VoteCommitted', { disputeId: 1n, voter: V1, weight: 100n }, 9),
      ev('VoteRevealed', { disputeId: 1n, voter: V1, vote: Vote.Fraud, weight: 100n }, 10),
      ev(
        'CaseResolved',
        {
          disputeId: 1n,
          outcome: DisputeStatus.Fraud,
          fraudWeight: 100n,
          honestWeight: 0n,
          unrevealedPenalty: 0n,
          totalWeight: 300n,
          tokenPool: 0n,
          votersPoolWei: 5n,
        },
        11,
      ),
    ];
    const { unmount } = render(<DisputesTable disputes={[dispute(voted)]} nowS={2500} voting={voting} />);
    fireEvent.click(screen.getByRole('button', { name: 'Settle' }));
    await waitFor(() => expect(calls).toEqual(['settle 1']));
    unmount();
    const settled = dispute([
      ...voted,
      ev(
        'VoterSettled',
        {
          disputeId: 1n,
          voter: V1,
          majority: true,
          tokenReward: 3n * 10n ** 18n,
          tokenPenalty: 0n,
          ethRewardWei: 5n * 10n ** 15n,
        },
        12,
      ),
    ]);
    render(<DisputesTable disputes={[settled]} nowS={2500} voting={voting} />);
    expect(screen.queryByRole('button', { name: 'Settle' })).toBeNull();
    expect(screen.getByTestId('ballot-settled').textContent).toBe('settled: +3 VTR, +0.005 ETH');
  });

  it('offers no settlement before the dispute is resolved', () => {
    const d = dispute([
      ev('VoteCommitted', { disputeId: 1n, voter: V1, weight: 100n }, 9),
      ev('VoteRevealed', { disputeId: 1n, voter: V1, vote: Vote.Fraud, weight: 100n }, 10),
    ]);
    render(<DisputesTable disputes={[d]} nowS={2500} voting={fakeVoting().voting} />);
    expect(screen.queryByRole('button', { name: 'Settle' })).toBeNull();
  });

  it('has no vote column for a watcher', () => {
    render(<DisputesTable disputes={[dispute()]} nowS={900} />);
    expect(screen.queryByRole('columnheader', { name: 'Your vote' })).toBeNull();
  });
});
