import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { createStateStore } from '@veritrain/node-core';
import { followDispute, type CourtPort, type FollowDeps } from './followDispute';
import { validateValidatorState, type FollowedDispute, type ValidatorState } from './validatorState';

// A court with one case, played by the test: rounds of 100 s commit + 100 s reveal; `resolve` ends a round with
// the outcome the test scripted for it ('undecided' starts the next round, a verdict resolves the case).
class FakeCourt implements CourtPort {
  time = 0n;
  round = 0;
  commitEnd = 100n;
  revealEnd = 200n;
  resolved = false;
  power = 1000n;
  readonly sent: string[] = [];
  readonly salts: Hex[] = [];
  readonly ballots = new Map<number, { vote: 1 | 2; salt: Hex; revealed: boolean; settled: boolean }>();
  failNextCommit = false;
  constructor(readonly outcomes: ('undecided' | 'verdict')[]) {}
  async now() {
    return this.time;
  }
  async getCase() {
    return {
      round: this.round,
      snapshotBlock: 10n + BigInt(this.round),
      commitEnd: this.commitEnd,
      revealEnd: this.revealEnd,
      resolved: this.resolved,
    };
  }
  async votingPower() {
    return this.power;
  }
  async ballotAt(_id: bigint, round: number) {
    const b = this.ballots.get(round);
    return { committed: b !== undefined, settled: b?.settled ?? false };
  }
  async commit(_id: bigint, vote: 1 | 2, salt: Hex) {
    if (this.failNextCommit) {
      this.failNextCommit = false;
      throw new Error('the process stopped while sending');
    }
    if (this.time > this.commitEnd || this.ballots.has(this.round)) throw new Error('commit refused');
    this.ballots.set(this.round, { vote, salt, revealed: false, settled: false });
    this.salts.push(salt);
    this.sent.push(`commit r${this.round}`);
  }
  async reveal(_id: bigint, vote: 1 | 2, salt: Hex) {
    const b = this.ballots.get(this.round);
    if (!b || b.salt !== salt || b.vote !== vote || this.time <= this.commitEnd || this.time > this.revealEnd)
      return false;
    b.revealed = true;
    this.sent.push(`reveal r${this.round}`);
    return true;
  }
  async resolve() {
    if (this.resolved || this.time <= this.revealEnd) return false;
    this.sent.push(`resolve r${this.round}`);
    if (this.outcomes[this.round] === 'verdict') this.resolved = true;
    else {
      this.round += 1;
      const length = 100n << BigInt(Math.min(this.round, 4));
      this.commitEnd = this.time + length;
      this.revealEnd = this.commitEnd + length;
    }
    return true;
  }
  async settle() {
    const b = this.ballots.get(this.round);
    if (!this.resolved || !b || b.settled) return false;
    b.settled = true;
    this.sent.push(`settle r${this.round}`);
    return true;
  }
  async settleRound(_id: bigint, round: number) {
    const b = this.ballots.get(round);
    if (round >= this.round || !b || b.settled) return false;
    b.settled = true;
    this.sent.push(`settleRound r${round}`);
    return true;
  }
}

function setup(court: FakeCourt, state?: ValidatorState) {
  const dir = mkdtempSync(join(tmpdir(), 'vt-follow-'));
  const store = createStateStore({ dir, name: 'validator', validate: validateValidatorState });
  const s: ValidatorState = state ?? {
    version: 2,
    disputes: [
      {
        disputeId: 4n,
        runId: 1n,
        facts: { submissionId: 2n, step: 3, workerRoot: `0x${'ab'.repeat(32)}`, workerLossBits: 1 },
        closed: false,
      },
    ],
    ballots: [],
  };
  let judged = 0;
  let saltNo = 0;
  const logs: string[] = [];
  const deps: FollowDeps = {
    court,
    state: s,
    save: () => store.save(s),
    judge: async () => {
      judged += 1;
      return { vote: 1, reason: 'step 3 recomputes differently' };
    },
    newSalt: () => `0x${(++saltNo).toString(16).padStart(64, '0')}` as Hex,
    log: (message, fields) => logs.push(`${message} ${String(fields.round)}`),
  };
  const dispute = () => s.disputes[0]!;
  return { deps, store, dispute, logs, judged: () => judged };
}

async function pass(deps: FollowDeps, f: FollowedDispute, court: FakeCourt, at: bigint) {
  court.time = at;
  await followDispute(deps, f);
}

describe('followDispute', () => {
  it('votes again in the round after one without verdict, with a fresh salt, and settles both rounds', async () => {
    const court = new FakeCourt(['undecided', 'verdict']);
    const { deps, dispute, judged } = setup(court);
    await pass(deps, dispute(), court, 50n); // round 0 commit phase
    await pass(deps, dispute(), court, 150n); // reveal phase
    await pass(deps, dispute(), court, 201n); // over: resolve (no verdict), settle round 0, commit in round 1
    expect(court.round).toBe(1);
    expect(deps.state.ballots.map((b) => [b.round, b.phase])).toEqual([
      [0, 'settled'],
      [1, 'committed'],
    ]);
    await pass(deps, dispute(), court, court.commitEnd + 1n);
    await pass(deps, dispute(), court, court.revealEnd + 1n);
    expect(court.sent).toEqual([
      'commit r0',
      'reveal r0',
      'resolve r0',
      'settleRound r0',
      'commit r1',
      'reveal r1',
      'resolve r1',
      'settle r1',
    ]);
    expect(court.salts).toHaveLength(2);
    expect(court.salts[0]).not.toBe(court.salts[1]);
    expect(judged()).toBe(1);
    expect(dispute().closed).toBe(true);
    const sent = court.sent.length;
    await pass(deps, dispute(), court, court.revealEnd + 50n);
    expect(court.sent).toHaveLength(sent);
  });

  it('after a restart between saving the salt and sending, commits with the saved salt and reveals with it', async () => {
    const court = new FakeCourt(['verdict']);
    const first = setup(court);
    court.failNextCommit = true;
    await expect(pass(first.deps, first.dispute(), court, 50n)).rejects.toThrow('the process stopped while sending');
    const saved = first.store.load()!;
    expect(saved.ballots).toEqual([expect.objectContaining({ round: 0, phase: 'committing' })]);
    const restarted = setup(court, saved);
    await pass(restarted.deps, restarted.dispute(), court, 60n);
    expect(court.salts).toEqual([saved.ballots[0]!.salt]);
    await pass(restarted.deps, restarted.dispute(), court, 150n);
    expect(court.ballots.get(0)?.revealed).toBe(true);
    expect(court.sent).toEqual(['commit r0', 'reveal r0']);
  });

  it('does not vote in a round it had no stake at the snapshot of, says so once, and votes in the next round', async () => {
    const court = new FakeCourt(['undecided', 'verdict']);
    const { deps, dispute, logs } = setup(court);
    court.power = 0n;
    await pass(deps, dispute(), court, 10n);
    await pass(deps, dispute(), court, 20n);
    expect(logs.filter((l) => l.startsWith('not voting'))).toEqual(['not voting in this round 0']);
    expect(court.sent).toEqual([]);
    // Someone else resolves the round without verdict; we staked meanwhile.
    court.time = 201n;
    await court.resolve();
    court.power = 500n;
    await pass(deps, dispute(), court, 210n);
    expect(court.sent).toEqual(['resolve r0', 'commit r1']);
    expect(deps.state.ballots.map((b) => b.round)).toEqual([1]);
  });

  it('a round resolved by someone else while we had not revealed is settled by settleRound', async () => {
    const court = new FakeCourt(['undecided', 'verdict']);
    const { deps, dispute } = setup(court);
    await pass(deps, dispute(), court, 50n);
    court.time = 250n; // we slept through the reveal phase
    await court.resolve();
    await pass(deps, dispute(), court, 251n);
    expect(court.sent).toEqual(['commit r0', 'resolve r0', 'settleRound r0', 'commit r1']);
  });
});
