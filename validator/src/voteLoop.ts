import { bytesToHex, type Address } from 'viem';
import { randomBytes } from 'node:crypto';
import { Counter } from 'prom-client';
import {
  createNodeChain,
  loadRun,
  NodeError,
  runNodeLoop,
  type LoadedRun,
  type NodeContext,
} from '@veritrain/node-core';
import { judge } from './judge';
import type { validatorOptions } from './options';
import { followDispute, type CourtPort, type FollowDeps } from './followDispute';
import { followedFromEvent, stakeShortfall, voteName } from './validatorDecisions';
import { validateValidatorState, type ValidatorState } from './validatorState';

type Ctx = NodeContext<typeof validatorOptions>;
const MAX_CONSECUTIVE_FAILURES = 20;

/**
 * The validator: keep `--stake-wei` staked; follow every dispute from its opening to its settled verdict
 * (followDispute): re-execute exactly the disputed range once, and in every court round of the dispute write a
 * freshly salted vote to disk, then commit; reveal in the reveal phase (also after a restart); after it, resolve
 * the round if nobody has and settle our ballot; withdraw ETH the coordinator credited us. Every transaction goes
 * through the intent journal: at start, what a crash left in flight is settled before anything is decided.
 */
export async function voteLoop(ctx: Ctx): Promise<void> {
  const { config, logger, signal } = ctx;
  const store = ctx.store;
  if (!store) throw new Error('the validator needs a content store');
  const chain = createNodeChain(ctx);
  const { court, token } = chain;
  if (!court || !token)
    throw new NodeError('INVALID_CONFIG', 'the validator needs the court and token addresses: pass --deployment');
  const me: Address = chain.me;
  const stateStore = ctx.stateStore('validator', validateValidatorState);
  const state: ValidatorState = stateStore.load() ?? { version: 2, disputes: [], ballots: [] };
  const save = () => stateStore.save(state);
  const votes = new Counter({
    name: 'veritrain_validator_votes_total',
    help: 'votes committed',
    labelNames: ['vote'],
    registers: [ctx.metrics.registry],
  });

  // Before anything is decided: a commit, reveal or settlement a crash left in flight is looked up on chain and
  // waited for, so the court state read from here on includes it (a mined commit shows in ballotAt).
  await chain.reconcile();

  // Stake up to the target.
  const v = await chain.read('validator', () => court.read.validator([me]));
  const missing = stakeShortfall(v.stake, config.stakeWei);
  if (missing > 0n) {
    await chain.send(chain.tokenCall('approve', [court.address, missing]));
    await chain.send(chain.courtCall('stake', [missing]));
    logger.info({ staked: config.stakeWei.toString() }, 'staked in the court');
  } else {
    logger.info({ stake: v.stake.toString() }, 'already staked');
  }

  const runs = new Map<bigint, LoadedRun>();
  const runOf = async (runId: bigint) => {
    let r = runs.get(runId);
    if (!r) {
      r = await loadRun(ctx, store, runId, config.cacheDir);
      runs.set(runId, r);
    }
    return r;
  };
  const openedScanner = chain.coordinatorScanner('DisputeOpened');
  const known = new Set(state.disputes.map((d) => d.disputeId));

  const courtPort: CourtPort = {
    now: chain.now,
    getCase: async (id) => {
      const c = await chain.read('getCase', () => court.read.getCase([id]));
      return {
        round: Number(c.round),
        snapshotBlock: BigInt(c.snapshotBlock),
        commitEnd: BigInt(c.commitEnd),
        revealEnd: BigInt(c.revealEnd),
        resolved: c.resolved,
      };
    },
    votingPower: (snapshotBlock) => chain.read('stakeAt', () => court.read.stakeAt([me, Number(snapshotBlock)])),
    ballotAt: async (id, round) => {
      const b = await chain.read('ballotAt', () => court.read.ballotAt([id, round, me]));
      return { committed: BigInt(b.commitment) !== 0n, settled: b.settled };
    },
    commit: async (id, vote, salt) => {
      const commitment = await chain.read('commitmentOf', () => court.read.commitmentOf([id, me, vote, salt]));
      // Keyed by dispute and commitment (a fresh salt per round): a restart that commits the same saved ballot
      // again finds this intent and settles it instead of sending a second transaction.
      await chain.send(chain.courtCall('commitVote', [id, commitment]));
      votes.inc({ vote: voteName(vote) });
    },
    reveal: (id, vote, salt) =>
      chain.attempt(`revealed the vote on dispute ${id}`, chain.courtCall('revealVote', [id, vote, salt])),
    resolve: (id) => chain.attempt(`resolved a round of dispute ${id}`, chain.courtCall('resolve', [id])),
    settle: (id) => chain.attempt(`settled our ballot on dispute ${id}`, chain.courtCall('settle', [id, me])),
    settleRound: (id, round) =>
      chain.attempt(
        `settled our ballot of round ${round} of dispute ${id}`,
        chain.courtCall('settleRound', [id, round, me]),
      ),
  };
  const deps: FollowDeps = {
    court: courtPort,
    state,
    save,
    judge: async (f) => {
      if (!f.facts)
        throw new NodeError('STATE', `dispute ${f.disputeId}: no vote and no dispute facts in the state file`);
      return await judge(ctx, store, await runOf(f.runId), f.facts);
    },
    newSalt: () => bytesToHex(randomBytes(32)),
    log: (message, fields) => logger.info(fields, message),
  };

  async function iteration() {
    for (const l of await openedScanner.next()) {
      if (known.has(l.args.disputeId)) continue;
      known.add(l.args.disputeId);
      state.disputes.push(followedFromEvent(l.args));
      save();
    }
    for (const f of state.disputes) if (!f.closed) await followDispute(deps, f);
    const credits = await chain.read('credits', () => chain.coordinator.read.credits([me]));
    if (credits > 0n)
      await chain.attempt(`withdrew ${credits} wei of voter rewards`, chain.coordinatorCall('withdraw', []));
  }

  // A validator serves until stopped: every pass ends idle.
  await runNodeLoop({
    iteration: async () => {
      await iteration();
      return 'idle';
    },
    signal,
    logger,
    pollIntervalMs: config.pollIntervalMs,
    maxConsecutiveFailures: MAX_CONSECUTIVE_FAILURES,
  });
}
