import { describe, expect, it } from 'vitest';
import { DisputeStatus, SubmissionStatus } from '@veritrain/protocol';
import {
  disputeOutcomeName,
  idleDone,
  needsVerifying,
  openDisputeAction,
  worthVerifying,
} from './fraudProoferDecisions';

describe('fraud-proofer decisions', () => {
  it('verifies a submission only while it is Pending and its challenge window runs', () => {
    expect(worthVerifying({ status: SubmissionStatus.Pending, deadline: 100n }, 100n)).toBe(true);
    expect(worthVerifying({ status: SubmissionStatus.Pending, deadline: 100n }, 101n)).toBe(false);
    expect(worthVerifying({ status: SubmissionStatus.Final, deadline: 100n }, 0n)).toBe(false);
    expect(worthVerifying({ status: SubmissionStatus.Invalid, deadline: 100n }, 0n)).toBe(false);
  });

  it("queues a submission once: never one verified, nor one we committed to disputing (even if killed before the commit's receipt)", () => {
    expect(needsVerifying(7n, { done: [], disputes: [] })).toBe(true);
    expect(needsVerifying(7n, { done: [7n], disputes: [] })).toBe(false);
    expect(needsVerifying(7n, { done: [], disputes: [{ submissionId: 7n }] })).toBe(false);
    expect(needsVerifying(7n, { done: [6n], disputes: [{ submissionId: 8n }] })).toBe(true);
  });

  it('records a verdict, resolves the court case once its reveal phase is over, and waits otherwise', () => {
    expect(openDisputeAction(DisputeStatus.Fraud, 50n, 10n)).toBe('settled');
    expect(openDisputeAction(DisputeStatus.Honest, undefined, 0n)).toBe('settled');
    expect(openDisputeAction(DisputeStatus.Open, 50n, 50n)).toBe('wait');
    expect(openDisputeAction(DisputeStatus.Open, 50n, 51n)).toBe('resolveCase');
    expect(openDisputeAction(DisputeStatus.Open, undefined, 1_000n)).toBe('wait'); // no court address known
    expect(disputeOutcomeName(DisputeStatus.NoQuorum)).toBe('NoQuorum');
  });

  it('--exit-when-idle: done only with the run final, nothing queued and every dispute settled', () => {
    const p = { finalizedStep: 12n, totalSteps: 12n, queued: 0, disputes: [{ phase: 'settled' as const }] };
    expect(idleDone(p)).toBe(true);
    expect(idleDone({ ...p, finalizedStep: 8n })).toBe(false);
    expect(idleDone({ ...p, queued: 1 })).toBe(false);
    expect(idleDone({ ...p, disputes: [{ phase: 'committed' }] })).toBe(false);
  });
});
