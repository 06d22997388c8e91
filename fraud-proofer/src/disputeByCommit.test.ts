import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { createStateStore } from '@veritrain/node-core';
import { disputeCommitment } from '@veritrain/protocol';
import {
  advanceCommit,
  commitToDispute,
  type CommitChain,
  type CommitDeps,
  type CommitOnChain,
} from './disputeByCommit';
import { validateFraudProoferState, type FraudProoferState, type SavedClaim } from './fraudProoferState';

const ME = '0x00000000000000000000000000000000000000aa' as const;
const claim: SavedClaim = {
  step: 3n,
  prev: { stateRoot: `0x${'01'.repeat(32)}`, lossBits: 1 },
  prevProof: [`0x${'02'.repeat(32)}`],
  record: { stateRoot: `0x${'03'.repeat(32)}`, lossBits: 2 },
  proof: [`0x${'04'.repeat(32)}`],
  claimedRoot: `0x${'05'.repeat(32)}`,
  claimedLossBits: 9,
};

// A chain with one coordinator: commits land in the block they are sent in, reveals are refused outside
// [commit + 2, commit + 256], as the contract refuses them. A node killed after broadcasting leaves its
// transaction in the intent journal (`inFlight`): settling it there mines it (`mineInFlight`) or drops it.
class FakeChain implements CommitChain {
  block = 100n;
  readonly commits: (CommitOnChain & { submissionId: bigint; commitment: Hex })[] = [];
  readonly reveals = new Map<bigint, { disputeId: bigint; salt: Hex }>();
  readonly sent: string[] = [];
  crashAfterBroadcast = false;
  mineInFlight = true;
  inFlight: { submissionId: bigint; commitment: Hex } | undefined;
  readonly settled: string[] = [];
  async blockNumber() {
    return this.block;
  }
  async commit(submissionId: bigint, commitment: Hex) {
    if (this.crashAfterBroadcast) {
      this.inFlight = { submissionId, commitment };
      throw new Error('killed after broadcasting');
    }
    return this.land(submissionId, commitment);
  }
  async settleCommit(submissionId: bigint) {
    this.settled.push(`commit ${submissionId}`);
    if (this.inFlight?.submissionId !== submissionId) return;
    if (this.mineInFlight) this.land(submissionId, this.inFlight.commitment);
    this.inFlight = undefined;
  }
  async settleReveal(commitId: bigint) {
    this.settled.push(`reveal ${commitId}`);
  }
  land(submissionId: bigint, commitment: Hex) {
    const c = {
      submissionId,
      commitment,
      commitId: BigInt(this.commits.length + 1),
      revealFromBlock: this.block + 2n,
      revealUntilBlock: this.block + 256n,
    };
    this.commits.push(c);
    this.sent.push(`commit ${submissionId}`);
    return c;
  }
  async findCommit(submissionId: bigint) {
    return this.commits.find((c) => c.submissionId === submissionId);
  }
  async reveal(commitId: bigint, revealed: SavedClaim, salt: Hex) {
    const c = this.commits.find((x) => x.commitId === commitId)!;
    if (this.block < c.revealFromBlock || this.block > c.revealUntilBlock) throw new Error('NotRevealWindow');
    const expected = disputeCommitment({
      submissionId: c.submissionId,
      challenger: ME,
      salt,
      step: revealed.step,
      claimedRoot: revealed.claimedRoot,
      claimedLossBits: revealed.claimedLossBits,
    });
    if (expected !== c.commitment) throw new Error('CommitmentMismatch');
    const disputeId = BigInt(this.reveals.size + 1);
    this.reveals.set(commitId, { disputeId, salt });
    this.sent.push(`reveal ${commitId}`);
    return disputeId;
  }
  async findReveal(commitId: bigint) {
    return this.reveals.get(commitId)?.disputeId;
  }
}

function setup(chain: FakeChain, saved?: FraudProoferState) {
  const dir = mkdtempSync(join(tmpdir(), 'vt-fp-'));
  const store = createStateStore({ dir, name: 'fraud-proofer', validate: validateFraudProoferState });
  const state = saved ?? { version: 1 as const, runId: 1n, done: [], disputes: [] };
  let n = 0;
  const logs: string[] = [];
  const deps: CommitDeps = {
    chain,
    state,
    me: ME,
    save: () => store.save(state),
    newSalt: () => `0x${(++n).toString(16).padStart(64, '0')}` as Hex,
    log: (level, message) => logs.push(`${level}: ${message}`),
  };
  return { deps, store, logs };
}

describe('disputes by commit-reveal', () => {
  it('commits, waits for the reveal delay, then reveals the saved claim with the saved salt', async () => {
    const chain = new FakeChain();
    const { deps } = setup(chain);
    const ours = await commitToDispute(deps, 7n, 3, claim);
    expect(ours).toMatchObject({ phase: 'committed', commitId: 1n });
    expect(await advanceCommit(deps, ours)).toBe('wait');
    chain.block += 1n;
    expect(await advanceCommit(deps, ours)).toBe('wait');
    chain.block += 1n;
    expect(await advanceCommit(deps, ours)).toBe('open');
    expect(ours).toMatchObject({ phase: 'open', disputeId: 1n });
    expect(chain.sent).toEqual(['commit 7', 'reveal 1']);
  });

  it('killed after broadcasting the commit: the restart settles it through the journal, finds it and reveals it instead of committing again', async () => {
    const chain = new FakeChain();
    const first = setup(chain);
    chain.crashAfterBroadcast = true;
    await expect(commitToDispute(first.deps, 7n, 3, claim)).rejects.toThrow('killed after broadcasting');
    const saved = first.store.load()!;
    expect(saved.disputes).toEqual([expect.objectContaining({ phase: 'committing', salt: expect.any(String), claim })]);

    // The restart first settles the in-flight commit (it is mined), then finds it on chain: committed, not forgotten.
    const restarted = setup(chain, saved);
    const d = restarted.deps.state.disputes[0]!;
    expect(await advanceCommit(restarted.deps, d)).toBe('wait');
    expect(chain.settled).toEqual(['commit 7']);
    expect(d).toMatchObject({ phase: 'committed', commitId: 1n });
    // Two blocks later the restarted node reveals it with the salt saved before the crash.
    chain.block += 2n;
    expect(await advanceCommit(restarted.deps, d)).toBe('open');
    expect(chain.reveals.get(1n)?.salt).toBe(saved.disputes[0]!.salt);
    expect(chain.sent).toEqual(['commit 7', 'reveal 1']);
  });

  it('a commit that never reached the chain (dropped when its intent was settled) is forgotten, so the submission is verified again', async () => {
    const chain = new FakeChain();
    const first = setup(chain);
    chain.crashAfterBroadcast = true;
    await expect(commitToDispute(first.deps, 7n, 3, claim)).rejects.toThrow();
    chain.mineInFlight = false;
    const restarted = setup(chain, first.store.load()!);
    expect(await advanceCommit(restarted.deps, restarted.deps.state.disputes[0]!)).toBe('forget');
    expect(chain.settled).toEqual(['commit 7']);
    expect(chain.sent).toEqual([]);
  });

  it('a reveal sent before a restart is found by its event, not sent twice', async () => {
    const chain = new FakeChain();
    const { deps } = setup(chain);
    const ours = await commitToDispute(deps, 7n, 3, claim);
    chain.block += 2n;
    await chain.reveal(ours.commitId!, claim, ours.salt!);
    ours.phase = 'revealing';
    expect(await advanceCommit(deps, ours)).toBe('open');
    expect(chain.settled).toEqual(['reveal 1']);
    expect(chain.sent).toEqual(['commit 7', 'reveal 1']);
  });

  it('a commit past its reveal window is given up with an error, never revealed', async () => {
    const chain = new FakeChain();
    const { deps, logs } = setup(chain);
    const ours = await commitToDispute(deps, 7n, 3, claim);
    chain.block += 257n;
    expect(await advanceCommit(deps, ours)).toBe('wait');
    expect(ours.phase).toBe('settled');
    expect(logs).toContain('error: our dispute commit expired unrevealed: its bond is lost');
    expect(chain.sent).toEqual(['commit 7']);
  });
});
