import { describe, expect, it } from 'vitest';
import { followedFromEvent, stakeShortfall, voteName } from './validatorDecisions';

describe('validator decisions', () => {
  it('stakes only what is missing to reach --stake-wei, never less than nothing', () => {
    expect(stakeShortfall(0n, 10n)).toBe(10n);
    expect(stakeShortfall(4n, 10n)).toBe(6n);
    expect(stakeShortfall(10n, 10n)).toBe(0n);
    expect(stakeShortfall(12n, 10n)).toBe(0n);
  });

  it('follows a dispute with the facts of its DisputeOpened event', () => {
    const root = `0x${'ab'.repeat(32)}` as const;
    expect(
      followedFromEvent({ disputeId: 3n, runId: 1n, submissionId: 9n, step: 4n, workerRoot: root, workerLossBits: 77 }),
    ).toEqual({
      disputeId: 3n,
      runId: 1n,
      facts: { submissionId: 9n, step: 4, workerRoot: root, workerLossBits: 77 },
      closed: false,
    });
    expect([voteName(1), voteName(2)]).toEqual(['fraud', 'honest']);
  });
});
