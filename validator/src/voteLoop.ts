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
import { validateValidatorState, type Ballot, type ValidatorState } from './validatorState';

type Ctx = NodeContext<typeof validatorOptions>;
type CaseView = { snapshotBlock: number; commitEnd: number; revealEnd: number; resolved: boolean; outcome: number };
const MAX_CONSECUTIVE_FAILURES = 20;

/**
 * The validator: keep `--stake-wei` staked; for each dispute, re-execute exactly the disputed range, write
 * the salted vote to disk, then commit; reveal in the reveal phase (also after a restart); after it,
 * resolve the case if nobody has, settle our ballot, and withdraw ETH the coordinator credited us.
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
  const state: ValidatorState = stateStore.load() ?? { version: 1, ballots: [], skipped: [] };
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
  const known = new Set([...state.ballots.map((b) => b.disputeId), ...state.skipped]);

  async function consider(e: { runId: bigint; submissionId: bigint; disputeId: bigint; step: bigint; workerRoot: Hex; workerLossBits: number }) {
    const id = e.disputeId;
    const c = await readCourt<CaseView>('getCase', [id]);
    const now = await chainTime(ctx.clients, ctx.retry);
    const power = await readCourt<bigint>('stakeAt', [me, c.snapshotBlock]);
    if (now > BigInt(c.commitEnd) || power === 0n) {
      logger.info({ disputeId: id.toString(), reason: power === 0n ? 'no stake at the snapshot' : 'commit phase over' }, 'not voting');
      state.skipped.push(id);
      known.add(id);
      save();
      return;
    }
    const run = await runOf(e.runId);
    const { vote, reason } = await judge(ctx, store!, run, { submissionId: e.submissionId, step: Number(e.step), workerRoot: e.workerRoot, workerLossBits: e.workerLossBits });
    const ballot: Ballot = { disputeId: id, runId: e.runId, vote, salt: bytesToHex(randomBytes(32)), phase: 'committing' };
    state.ballots.push(ballot);
    known.add(id);
    save(); // the salt is on disk before the commitment leaves
    const commitment = await readCourt<Hex>('commitmentOf', [id, me, vote, ballot.salt]);
    await send(court!, disputeCourtAbi, 'commitVote', [id, commitment]);
    ballot.phase = 'committed';
    save();
    votes.inc({ vote: vote === 1 ? 'fraud' : 'honest' });
    logger.info({ disputeId: id.toString(), vote: vote === 1 ? 'Fraud' : 'Honest', reason }, 'vote committed');
  }

  async function advance(b: Ballot) {
    const c = await readCourt<CaseView>('getCase', [b.disputeId]);
    const now = await chainTime(ctx.clients, ctx.retry);
    if (b.phase === 'committing') {
      const onChain = await readCourt<{ commitment: Hex }>('ballot', [b.disputeId, me]);
      if (BigInt(onChain.commitment) !== 0n) b.phase = 'committed';
      else if (now <= BigInt(c.commitEnd)) {
        const commitment = await readCourt<Hex>('commitmentOf', [b.disputeId, me, b.vote, b.salt]);
        await send(court!, disputeCourtAbi, 'commitVote', [b.disputeId, commitment]);
        b.phase = 'committed';
      } else b.phase = 'settled';
      save();
    }
    if (b.phase === 'committed' && now > BigInt(c.commitEnd) && now <= BigInt(c.revealEnd)) {
      if (await attempt(`revealed the vote on dispute ${b.disputeId}`, () => send(court!, disputeCourtAbi, 'revealVote', [b.disputeId, b.vote, b.salt]))) {
        b.phase = 'revealed';
        save();
      }
    }
    if ((b.phase === 'revealed' || b.phase === 'committed') && now > BigInt(c.revealEnd)) {
      if (!c.resolved) await attempt(`resolved dispute ${b.disputeId}`, () => send(court!, disputeCourtAbi, 'resolve', [b.disputeId]));
      await attempt(`settled our ballot on dispute ${b.disputeId}`, () => send(court!, disputeCourtAbi, 'settle', [b.disputeId, me]));
      const after = await readCourt<{ settled: boolean }>('ballot', [b.disputeId, me]);
      if (after.settled) {
        b.phase = 'settled';
        save();
      }
    }
  }

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
        await consider({ runId: a.runId!, submissionId: a.submissionId!, disputeId: a.disputeId!, step: a.step!, workerRoot: a.workerRoot!, workerLossBits: a.workerLossBits! });
      }
      scannedTo = head;
    }
    for (const b of state.ballots) if (b.phase !== 'settled') await advance(b);
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
