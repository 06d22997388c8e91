import { describe, expect, it } from 'vitest';
import { SubmissionStatus } from '@veritrain/protocol';
import { heldLeaseAction, settleAction, settledOutcome, workDone } from './workerDecisions';

const pending = { status: SubmissionStatus.Pending, deadline: 100n, openDisputes: 0, pendingCommits: 0 };

describe('heldLeaseAction', () => {
  it('submits a live lease before its deadline, expires it after, and drops or settles one the chain moved on', () => {
    expect(heldLeaseAction({ status: SubmissionStatus.Leased }, 100n, 100n)).toBe('work');
    expect(heldLeaseAction({ status: SubmissionStatus.Leased }, 101n, 100n)).toBe('lapsed');
    expect(heldLeaseAction({ status: SubmissionStatus.Pending }, 500n, 100n)).toBe('submitted');
    expect(heldLeaseAction({ status: SubmissionStatus.Final }, 500n, 100n)).toBe('submitted');
    expect(heldLeaseAction({ status: SubmissionStatus.Expired }, 0n, 100n)).toBe('gone');
    expect(heldLeaseAction({ status: SubmissionStatus.Cancelled }, 0n, 100n)).toBe('gone');
  });
});

describe('settleAction', () => {
  it('finalizes only after the window and with no dispute or commit pending', () => {
    expect(settleAction(pending, undefined, true, 100n)).toBe('wait');
    expect(settleAction(pending, undefined, false, 101n)).toBe('finalize');
    expect(settleAction({ ...pending, openDisputes: 1 }, undefined, true, 101n)).toBe('wait');
    expect(settleAction({ ...pending, pendingCommits: 1 }, undefined, true, 101n)).toBe('wait');
  });

  it("reclaims our bond when the parent was ruled invalid or orphaned, and leaves others' orphans alone", () => {
    for (const parent of [SubmissionStatus.Invalid, SubmissionStatus.Orphaned]) {
      expect(settleAction(pending, parent, true, 101n)).toBe('reclaimOrphaned');
      expect(settleAction(pending, parent, false, 101n)).toBe('wait');
    }
    expect(settleAction(pending, SubmissionStatus.Final, true, 101n)).toBe('finalize');
  });

  it('stops following a submission that left Pending, and names its outcome', () => {
    expect(settleAction({ ...pending, status: SubmissionStatus.Final }, undefined, true, 0n)).toBe('settled');
    expect(settledOutcome(SubmissionStatus.Final)).toMatch(/^final/);
    expect(settledOutcome(SubmissionStatus.Invalid)).toMatch(/^INVALID/);
    expect(settledOutcome(SubmissionStatus.Orphaned)).toMatch(/^orphaned/);
  });
});

describe('workDone', () => {
  const base = { maxLeases: 0, submitted: 2, pending: 0, tipStep: 8n, finalizedStep: 8n, totalSteps: 8n };
  it('is done once the run is final and nothing of ours is pending', () => {
    expect(workDone(base)).toBe('done');
    expect(workDone({ ...base, pending: 1 })).toBe('settling');
    expect(workDone({ ...base, finalizedStep: 4n })).toBe('settling');
    expect(workDone({ ...base, tipStep: 4n, finalizedStep: 4n })).toBe('leasing');
  });
  it('--max-leases: stops leasing at the limit and is done once its own submissions settled, whatever the run', () => {
    expect(workDone({ ...base, maxLeases: 2, tipStep: 4n, finalizedStep: 0n })).toBe('done');
    expect(workDone({ ...base, maxLeases: 2, tipStep: 4n, pending: 1 })).toBe('settling');
    expect(workDone({ ...base, maxLeases: 3, tipStep: 4n })).toBe('leasing');
  });
});
