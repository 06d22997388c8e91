// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisputeStatus, Vote } from '@veritrain/protocol';
import { foldEvents } from '../data/reducer';
import { emptyState, type DashboardState } from '../data/types';
import type { SourceStatus } from '../data/dataSource';
import {
  ALICE,
  BOB,
  CAROL,
  V1,
  V2,
  ev,
  finalized,
  leaseAcquired,
  root,
  runCreated,
  submitted,
} from '../data/testing/events';
import { Dashboard } from './Dashboard';
import { chartData, LossChart } from './LossChart';

// uPlot draws on a canvas, which happy-dom lacks; the chart's data and text summary are what is asserted.
const plots: { data: unknown }[] = [];
vi.mock('uplot', () => ({
  default: class {
    root: HTMLElement;
    constructor(_opts: unknown, data: unknown, target: HTMLElement) {
      plots.push({ data });
      this.root = document.createElement('div');
      this.root.className = 'uplot';
      target.appendChild(this.root);
    }
    setData(data: unknown) {
      plots.push({ data });
    }
    setSize() {}
    destroy() {}
  },
}));

afterEach(() => {
  cleanup();
  plots.length = 0;
});

const live: SourceStatus = { kind: 'live', lastUpdateMs: 0 };

function world(): DashboardState {
  const s = foldEvents(emptyState(), [
    ev(
      'CourtParamsUpdated',
      {
        params: {
          commitDuration: 60,
          revealDuration: 60,
          unbondingDelay: 600,
          quorumBps: 3000,
          penaltyBps: 1000,
          abstainPenaltyBps: 500,
          treasury: ALICE,
        },
      },
      1,
    ),
    ev('Staked', { validator: V1, amount: 2n * 10n ** 21n, stake: 2n * 10n ** 21n }, 1, 1),
    ev('Staked', { validator: V2, amount: 10n ** 21n, stake: 10n ** 21n }, 1, 2),
    runCreated(2),
    leaseAcquired(3, 1, ALICE, 0, 1),
    submitted(4, 1, ALICE, 0, 1, [2.5, 2.25]),
    finalized(5, 1, ALICE, 2, 2n * 10n ** 19n),
    leaseAcquired(6, 2, BOB, 1, 3),
    submitted(7, 2, BOB, 1, 3, [2, 1.75]),
    ev(
      'CaseOpened',
      { disputeId: 1n, snapshotBlock: 7, totalWeight: 3n * 10n ** 21n, commitEnd: 1000n, revealEnd: 2000n },
      8,
      0,
    ),
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
        bondWei: 5n * 10n ** 17n,
      },
      8,
      1,
    ),
    ev('VoteCommitted', { disputeId: 1n, voter: V1, weight: 2n * 10n ** 21n }, 9),
    leaseAcquired(10, 3, CAROL, 2, 5, 1100),
  ]);
  return s;
}

const renderAt = (state: DashboardState, nowS: number | undefined, status: SourceStatus = live) =>
  render(<Dashboard state={state} status={status} nowS={nowS} runId={undefined} onSelectRun={() => undefined} />);

describe('Dashboard', () => {
  it('shows run progress, the pending head and the loss summary', () => {
    renderAt(world(), 950);
    expect(screen.getByRole('heading', { name: 'Run 1' })).toBeTruthy();
    expect(screen.getByTestId('finalized-step').textContent).toBe('2 / 8 steps');
    expect(screen.getByTestId('tip-step').textContent).toBe('step 4');
    // The hand-built events carry no block times: no throughput figure rather than a wrong one.
    expect(screen.getByTestId('throughput').textContent).toBe('—');
    expect(screen.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('2 of 8 steps finalized, 4 submitted');
    expect(screen.getByTestId('loss-summary').textContent).toMatch(
      /Latest loss 1\.7500 at step 4 \(pending\); 2 finalized and 2 pending steps/,
    );
    // The chart got finalized and pending series apart, joined at the last finalized step.
    expect(plots.at(-1)!.data).toEqual([
      [1, 2, 3, 4],
      [2.5, 2.25, null, null],
      [null, 2.25, 2, 1.75],
    ]);
  });

  it('shows the lease holder with a countdown in chain time, and an overdue lease', () => {
    const { unmount } = renderAt(world(), 950);
    const lease = screen.getByRole('region', { name: /Current lease/ }) ?? screen.getByText('Current lease');
    expect(within(lease).getByText(CAROL)).toBeTruthy();
    expect(screen.getByTestId('lease-countdown').textContent).toBe('2:30 left');
    unmount();
    renderAt(world(), 1130);
    expect(screen.getByTestId('lease-countdown').textContent).toBe('overdue by 0:30: anyone may expire it');
  });

  it('lists submissions newest first with status, roots and checkpoint CIDs', () => {
    renderAt(world(), 950);
    const rows = screen.getAllByTestId(/^submission-/);
    expect(rows.map((r) => r.dataset.testid)).toEqual(['submission-3', 'submission-2', 'submission-1']);
    expect(within(rows[2]!).getByText('final')).toBeTruthy();
    expect(within(rows[1]!).getByText('pending')).toBeTruthy();
    expect(within(rows[0]!).getByText('leased')).toBeTruthy();
    expect(within(rows[2]!).getByTitle('bafyckpt1')).toBeTruthy();
    expect(within(rows[2]!).getByTitle(root(1001))).toBeTruthy();
    expect(within(rows[2]!).getByText('genesis')).toBeTruthy();
  });

  it('ranks workers by finalized steps with rewards and slashes', () => {
    const s = foldEvents(world(), [
      ev('Invalidated', { runId: 1n, submissionId: 2n, disputeId: 1n, tipStep: 2n, tipId: 1n }, 12),
    ]);
    renderAt(s, 950);
    const rows = screen.getAllByTestId(/^worker-/);
    expect(rows[0]!.dataset.testid).toBe(`worker-${ALICE}`);
    expect(rows[0]!.textContent).toContain('20 VTR');
    expect(screen.getByTestId(`worker-${BOB}`).textContent).toContain('1 (1 ETH)');
    // The slashed submission itself is shown invalid.
    expect(within(screen.getByTestId('submission-2')).getByText('invalid')).toBeTruthy();
  });

  it('follows a dispute through its phases to its outcome, with quorum reach', () => {
    const { unmount } = renderAt(world(), 950);
    const row = screen.getByTestId('dispute-1');
    expect(row.textContent).toContain('commit votes 0:50 left');
    expect(row.textContent).toContain('0 fraud, 0 honest of 1 committed');
    expect(row.textContent).toContain('open');
    const quorum = screen.getByRole('region', { name: 'Validators and court' }).querySelector('li');
    expect(quorum?.textContent).toBe('Dispute 1: 66.7% committed, 0% revealed — quorum not reached yet');
    unmount();

    const resolved = foldEvents(world(), [
      ev('VoteRevealed', { disputeId: 1n, voter: V1, vote: Vote.Fraud, weight: 2n * 10n ** 21n }, 11),
      ev(
        'CaseResolved',
        {
          disputeId: 1n,
          outcome: DisputeStatus.Fraud,
          fraudWeight: 2n * 10n ** 21n,
          honestWeight: 0n,
          unrevealedPenalty: 0n,
          totalWeight: 3n * 10n ** 21n,
          tokenPool: 0n,
          votersPoolWei: 0n,
        },
        12,
      ),
    ]);
    renderAt(resolved, 1500);
    const after = screen.getByTestId('dispute-1');
    expect(after.textContent).toContain('resolved');
    expect(after.textContent).toContain('1 fraud, 0 honest of 1 committed');
    expect(after.textContent).toContain('fraud: submission invalidated');
  });

  it('shows court health: total stake, validators and quorum', () => {
    renderAt(world(), 950);
    expect(screen.getByTestId('total-stake').textContent).toBe('3000 VTR');
    expect(screen.getByText('30% of stake must reveal')).toBeTruthy();
    expect(screen.queryByTestId('court-stalled')).toBeNull();
  });

  it('warns that the run is halted when a dispute round ends without a verdict', () => {
    const stalled = foldEvents(world(), [
      ev(
        'RoundUndecided',
        {
          disputeId: 1n,
          round: 0,
          fraudWeight: 0n,
          honestWeight: 0n,
          totalWeight: 3n * 10n ** 21n,
          nextSnapshotBlock: 20,
          nextCommitEnd: 2120n,
          nextRevealEnd: 2240n,
        },
        21,
      ),
    ]);
    expect(stalled.disputes[1]).toMatchObject({
      undecidedRounds: 1,
      committedWeight: 0n,
      commitEndS: 2120,
      revealEndS: 2240,
    });
    renderAt(stalled, 2010);
    expect(screen.getByTestId('court-stalled').textContent).toMatch(
      /Court undecided: dispute 1 ended 1 round without a verdict \(no quorum or a tie\)\. The run is halted at submission 2/,
    );
    const quorum = screen.getByRole('region', { name: 'Validators and court' }).querySelector('li');
    expect(quorum?.textContent).toBe('Dispute 1: 0% committed, 0% revealed — quorum not reached yet');
  });

  it('shows loading, and an RPC failure without dropping the data already read', () => {
    const { unmount } = renderAt(emptyState(), undefined, { kind: 'loading' });
    expect(screen.getByRole('status').textContent).toBe('Reading the chain…');
    unmount();
    renderAt(world(), 950, {
      kind: 'error',
      error: new Error('could not read the chain: fetch failed'),
      lastUpdateMs: 1,
    });
    expect(screen.getByRole('alert').textContent).toMatch(
      /Cannot reach the chain\. could not read the chain: fetch failed Showing the last data read; retrying\./,
    );
    expect(screen.getByTestId('finalized-step').textContent).toBe('2 / 8 steps');
  });

  it('lets a keyboard user pick the run when there are several', () => {
    const two = foldEvents(world(), [
      { ...runCreated(20), args: { ...runCreated(20).args, runId: 2n } } as ReturnType<typeof runCreated>,
    ]);
    const picked: number[] = [];
    render(<Dashboard state={two} status={live} nowS={950} runId={undefined} onSelectRun={(id) => picked.push(id)} />);
    const select = screen.getByLabelText('Run') as HTMLSelectElement;
    expect(select.value).toBe('2');
    fireEvent.change(select, { target: { value: '1' } });
    expect(picked).toEqual([1]);
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe('#main');
  });
});

describe('LossChart', () => {
  it('draws the curve again after every submitted step was invalidated and new steps came in', () => {
    const pts = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ step: i + 1, loss: 2 - i / 10, final: false, submissionId: 1 }));
    const { container, rerender } = render(<LossChart points={pts(4)} />);
    const chart = container.querySelector('.chart');
    expect(chart?.querySelectorAll('.uplot')).toHaveLength(1);
    rerender(<LossChart points={[]} />);
    expect(screen.getByText('No steps submitted yet.')).toBeTruthy();
    expect((container.querySelector('.chart') as HTMLElement).hidden).toBe(true);
    rerender(<LossChart points={pts(2)} />);
    // The same element stays on the page with its one plot (and the resize observer watching it), shown again.
    expect(container.querySelector('.chart')).toBe(chart);
    expect((chart as HTMLElement).hidden).toBe(false);
    expect(chart?.querySelectorAll('.uplot')).toHaveLength(1);
    expect(plots.at(-1)?.data).toEqual([
      [1, 2],
      [null, null],
      [2, 1.9],
    ]);
  });
});

describe('chartData', () => {
  it('starts the pending series at the last finalized step so the curve is continuous', () => {
    expect(
      chartData([
        { step: 1, loss: 3, final: true, submissionId: 1 },
        { step: 2, loss: 2, final: false, submissionId: 2 },
      ]),
    ).toEqual([
      [1, 2],
      [3, null],
      [3, 2],
    ]);
  });

  it('has an empty pending series when every step is final', () => {
    expect(
      chartData([
        { step: 1, loss: 3, final: true, submissionId: 1 },
        { step: 2, loss: 2, final: true, submissionId: 1 },
      ])[2],
    ).toEqual([null, null]);
  });
});
