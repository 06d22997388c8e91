import { bytesToHex, type Address, type Hex } from 'viem';
import { randomBytes } from 'node:crypto';
import { Counter } from 'prom-client';
import {
  callWithRetry,
  chainTime,
  loadRun,
  NodeError,
  runNodeLoop,
  writeContractWithRetry,
  type LoadedRun,
  type NodeContext,
} from '@veritrain/node-core';
import { coordinatorAbi, disputeCourtAbi, rewardTokenAbi } from '@veritrain/protocol';
import { judge } from './judge';
import type { validatorOptions } from './options';
import { followDispute, type CourtPort, type FollowDeps } from './followDispute';
import { validateValidatorState, type ValidatorState } from './validatorState';

type Ctx = NodeContext<typeof validatorOptions>;
type CaseView = { snapshotBlock: number; commitEnd: number; revealEnd: number; resolved: boolean; round: number };
const MAX_CONSECUTIVE_FAILURES = 20;

/**
 * The validator: keep `--stake-wei` staked; follow every dispute from its opening to its settled verdict
 * (followDispute): re-execute exactly the disputed range once, and in every court round of the dispute write a
 * freshly salted vote to disk, then commit; reveal in the reveal phase (also after a restart); after it, resolve
 * the round if nobody has and settle our ballot; withdraw ETH the coordinator credited us.
 */
export async function voteLoop(ctx: Ctx): Promise<void> {
  const { config, logger, signal } = ctx;
  const store = ctx.store;
  if (!store) throw new Error('the validator needs a content store');
  const { coordinator, court, token } = ctx.contracts;
  if (!court || !token) throw new NodeError('INVALID_CONFIG', 'the validator needs the court and token addresses: pass --deployment');
  const me: Address = ctx.clients.account.address;
  const pub = ctx.clients.publicClient;
  const stateStore = ctx.stateStore('validator', validateValidatorState);
  const state: ValidatorState = stateStore.load() ?? { version: 2, disputes: [], ballots: [] };
  const save = () => stateStore.save(state);
  const votes = new Counter({ name: 'veritrain_validator_votes_total', help: 'votes committed', labelNames: ['vote'], registers: [ctx.metrics.registry] });

  const readCourt = <T>(functionName: string, args: readonly unknown[]) =>
    callWithRetry(functionName, () => pub.readContract({ address: court, abi: disputeCourtAbi, functionName, args } as never) as Promise<T>, ctx.retry);
  const send = (address: Address, abi: typeof disputeCourtAbi | typeof coordinatorAbi | typeof rewardTokenAbi, functionName: string, args: readonly unknown[]) =>
    writeContractWithRetry(ctx.clients, { address, abi, functionName, args, retry: ctx.retry });
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      logger.info(what);
      return true;
    } catch (err) {
      if (err instanceof NodeError && err.code === 'REVERTED') {
        logger.debug({ reason: err.message }, `${what}: not possible`);
        return false;
      }
      throw err;
    }
  };

  // Stake up to the target.
  const v = await readCourt<{ stake: bigint }>('validator', [me]);
  if (BigInt(v.stake) < config.stakeWei) {
    const missing = config.stakeWei - BigInt(v.stake);
    await send(token, rewardTokenAbi, 'approve', [court, missing]);
    await send(court, disputeCourtAbi, 'stake', [missing]);
    logger.info({ staked: config.stakeWei.toString() }, 'staked in the court');
  } else {
    logger.info({ stake: BigInt(v.stake).toString() }, 'already staked');
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
  let scannedTo = ctx.contracts.startBlock - 1n;
  const known = new Set(state.disputes.map((d) => d.disputeId));

  const courtPort: CourtPort = {
    now: () => chainTime(ctx.clients, ctx.retry),
    getCase: async (id) => {
      const c = await readCourt<CaseView>('getCase', [id]);
      return { round: Number(c.round), snapshotBlock: BigInt(c.snapshotBlock), commitEnd: BigInt(c.commitEnd), revealEnd: BigInt(c.revealEnd), resolved: c.resolved };
    },
    votingPower: (snapshotBlock) => readCourt<bigint>('stakeAt', [me, snapshotBlock]),
    ballotAt: async (id, round) => {
      const b = await readCourt<{ commitment: Hex; settled: boolean }>('ballotAt', [id, round, me]);
      return { committed: BigInt(b.commitment) !== 0n, settled: b.settled };
    },
    commit: async (id, vote, salt) => {
      const commitment = await readCourt<Hex>('commitmentOf', [id, me, vote, salt]);
      await send(court, disputeCourtAbi, 'commitVote', [id, commitment]);
      votes.inc({ vote: vote === 1 ? 'fraud' : 'honest' });
    },
    reveal: (id, vote, salt) => attempt(`revealed the vote on dispute ${id}`, () => send(court, disputeCourtAbi, 'revealVote', [id, vote, salt])),
    resolve: (id) => attempt(`resolved a round of dispute ${id}`, () => send(court, disputeCourtAbi, 'resolve', [id])),
    settle: (id) => attempt(`settled our ballot on dispute ${id}`, () => send(court, disputeCourtAbi, 'settle', [id, me])),
    settleRound: (id, round) => attempt(`settled our ballot of round ${round} of dispute ${id}`, () => send(court, disputeCourtAbi, 'settleRound', [id, round, me])),
  };
  const deps: FollowDeps = {
    court: courtPort,
    state,
    save,
    judge: async (f) => {
      if (!f.facts) throw new NodeError('STATE', `dispute ${f.disputeId}: no vote and no dispute facts in the state file`);
      return await judge(ctx, store, await runOf(f.runId), f.facts);
    },
    newSalt: () => bytesToHex(randomBytes(32)),
    log: (message, fields) => logger.info(fields, message),
  };

  async function iteration() {
    const head = await callWithRetry('getBlockNumber', () => pub.getBlockNumber(), ctx.retry);
    if (head > scannedTo) {
      const logs = await callWithRetry(
        'getLogs DisputeOpened',
        () => pub.getContractEvents({ address: coordinator, abi: coordinatorAbi, eventName: 'DisputeOpened', fromBlock: scannedTo + 1n, toBlock: head }),
        ctx.retry,
      );
      for (const l of logs) {
        const a = l.args;
        if (known.has(a.disputeId!)) continue;
        known.add(a.disputeId!);
        state.disputes.push({
          disputeId: a.disputeId!,
          runId: a.runId!,
          facts: { submissionId: a.submissionId!, step: Number(a.step!), workerRoot: a.workerRoot!, workerLossBits: a.workerLossBits! },
          closed: false,
        });
        save();
      }
      scannedTo = head;
    }
    for (const f of state.disputes) if (!f.closed) await followDispute(deps, f);
    const credits = (await callWithRetry('credits', () => pub.readContract({ address: coordinator, abi: coordinatorAbi, functionName: 'credits', args: [me] }), ctx.retry)) as bigint;
    if (credits > 0n) await attempt(`withdrew ${credits} wei of voter rewards`, () => send(coordinator, coordinatorAbi, 'withdraw', []));
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
