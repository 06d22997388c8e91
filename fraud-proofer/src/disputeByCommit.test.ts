import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { createStateStore } from '@veritrain/node-core';
import { disputeCommitment } from '@veritrain/protocol';
import { advanceCommit, commitToDispute, type CommitChain, type CommitDeps, type CommitOnChain } from './disputeByCommit';
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

// A chain with one coordinator: commits land in the block they are sent in (unless `dropNext`), reveals are
// refused outside [commit + 2, commit + 256], as the contract refuses them.
class FakeChain implements CommitChain {
  block = 100n;
  readonly commits: (CommitOnChain & { submissionId: bigint; commitment: Hex })[] = [];
  readonly reveals = new Map<bigint, { disputeId: bigint; salt: Hex }>();
  readonly sent: string[] = [];
  crashAfterSigning = false;
  pendingTx: Hex | undefined;
  async blockNumber() {
    return this.block;
  }
  async commit(submissionId: bigint, commitment: Hex, onSigned: (hash: Hex) => void) {
    const hash = `0x${'77'.repeat(32)}` as Hex;
    onSigned(hash);
    if (this.crashAfterSigning) {
      this.pendingTx = hash;
      throw new Error('killed after signing');
    }
    return this.land(submissionId, commitment);
  }
  land(submissionId: bigint, commitment: Hex) {
    const c = { submissionId, commitment, commitId: BigInt(this.commits.length + 1), revealFromBlock: this.block + 2n, revealUntilBlock: this.block + 256n };
    this.commits.push(c);
    this.sent.push(`commit ${submissionId}`);
    return c;
  }
  async findCommit(submissionId: bigint) {
    return this.commits.find((c) => c.submissionId === submissionId);
  }
  async pending(hash: Hex) {
    return this.pendingTx === hash;
  }
  async reveal(commitId: bigint, revealed: SavedClaim, salt: Hex) {
    const c = this.commits.find((x) => x.commitId === commitId)!;
    if (this.block < c.revealFromBlock || this.block > c.revealUntilBlock) throw new Error('NotRevealWindow');
    const expected = disputeCommitment({ submissionId: c.submissionId, challenger: ME, salt, step: revealed.step, claimedRoot: revealed.claimedRoot, claimedLossBits: revealed.claimedLossBits });
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
    expect(ours).toMatchObject({ phase: 'committed', commitId: 1n, commitTx: `0x${'77'.repeat(32)}` });
    expect(await advanceCommit(deps, ours)).toBe('wait');
    chain.block += 1n;
    expect(await advanceCommit(deps, ours)).toBe('wait');
    chain.block += 1n;
    expect(await advanceCommit(deps, ours)).toBe('open');
    expect(ours).toMatchObject({ phase: 'open', disputeId: 1n });
    expect(chain.sent).toEqual(['commit 7', 'reveal 1']);
  });

  it('killed after signing the commit: the restart finds the commit and reveals it instead of committing again', async () => {
    const chain = new FakeChain();
    const first = setup(chain);
    chain.crashAfterSigning = true;
    await expect(commitToDispute(first.deps, 7n, 3, claim)).rejects.toThrow('killed after signing');
    const saved = first.store.load()!;
    expect(saved.disputes).toEqual([expect.objectContaining({ phase: 'committing', commitTx: `0x${'77'.repeat(32)}`, salt: expect.any(String), claim })]);

    // Still in the mempool: wait, do not forget it.
    const restarted = setup(chain, saved);
    const d = restarted.deps.state.disputes[0]!;
    expect(await advanceCommit(restarted.deps, d)).toBe('wait');
    // It lands; two blocks later the restarted node reveals it with the salt saved before the crash.
    chain.land(7n, saved.disputes[0]!.commitment!);
    chain.pendingTx = undefined;
    chain.block += 2n;
    expect(await advanceCommit(restarted.deps, d)).toBe('open');
    expect(chain.reveals.get(1n)?.salt).toBe(saved.disputes[0]!.salt);
    expect(chain.sent).toEqual(['commit 7', 'reveal 1']);
  });

  it('a commit that never reached the chain is forgotten, so the submission is verified again', async () => {
    const chain = new FakeChain();
    const first = setup(chain);
    chain.crashAfterSigning = true;
    await expect(commitToDispute(first.deps, 7n, 3, claim)).rejects.toThrow();
    chain.pendingTx = undefined; // dropped
    const restarted = setup(chain, first.store.load()!);
    expect(await advanceCommit(restarted.deps, restarted.deps.state.disputes[0]!)).toBe('forget');
  });

  it('a reveal sent before a restart is found by its event, not sent twice', async () => {
    const chain = new FakeChain();
    const { deps } = setup(chain);
    const ours = await commitToDispute(deps, 7n, 3, claim);
    chain.block += 2n;
    await chain.reveal(ours.commitId!, claim, ours.salt!);
    ours.phase = 'revealing';
    expect(await advanceCommit(deps, ours)).toBe('open');
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
