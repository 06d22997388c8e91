import { bytesToHex, encodePacked, keccak256, parseEventLogs, type Hex } from 'viem';
import { randomBytes } from 'node:crypto';
import { Counter, Gauge } from 'prom-client';
import {
  createNodeChain,
  loadRun,
  NodeError,
  readDispute,
  readLease,
  readRunState,
  runNodeLoop,
  submittedEvent,
  type NodeContext,
} from '@veritrain/node-core';
import { coordinatorAbi, DisputeStatus } from '@veritrain/protocol';
import { advanceCommit, commitToDispute, type CommitChain, type CommitDeps } from './disputeByCommit';
import { falseAccusation, findFraud } from './findFraud';
import {
  disputeOutcomeName,
  idleDone,
  MAX_VERIFY_ATTEMPTS,
  needsVerifying,
  openDisputeAction,
  worthVerifying,
} from './fraudProoferDecisions';
import { validateFraudProoferState, type FraudProoferState } from './fraudProoferState';
import type { fraudProoferOptions } from './options';

type Ctx = NodeContext<typeof fraudProoferOptions>;
const MAX_CONSECUTIVE_FAILURES = 20;

/** Whether this node re-executes `submissionId` under `--sample`: fixed per (address, submission). */
export function sampled(address: `0x${string}`, submissionId: bigint, fraction: number): boolean {
  if (fraction >= 1) return true;
  const h = BigInt(keccak256(encodePacked(['address', 'uint256'], [address, submissionId])));
  return Number(h >> 200n) / 2 ** 56 < fraction;
}

/**
 * The fraud-proofer: for every new submission of the run (or a sampled fraction), re-execute it from its
 * verified parent; dispute the first wrong step with proofs (or the whole lease) by commit-reveal, saving the
 * salt and the claim first, and every transaction in the intent journal before it is broadcast, so a restart
 * settles what was in flight and reveals instead of committing again (and never disputes twice); follow each dispute to its verdict (resolving the court case when the reveal phase is
 * over) and withdraw what it is credited.
 */
export async function watchLoop(ctx: Ctx): Promise<void> {
  const { config, logger, signal } = ctx;
  const store = ctx.store;
  if (!store) throw new Error('the fraud-proofer needs a content store');
  const runId = BigInt(config.runId);
  const coordinator = ctx.contracts.coordinator;
  const me = ctx.clients.account.address;
  const chain = createNodeChain(ctx);
  const views = { clients: ctx.clients, coordinator, retry: ctx.retry };
  const stateStore = ctx.stateStore('fraud-proofer', validateFraudProoferState);
  const state: FraudProoferState = stateStore.load() ?? { version: 1, runId, done: [], disputes: [] };
  if (state.runId !== runId)
    throw new NodeError(
      'STATE',
      `${stateStore.path} belongs to run ${state.runId}, not --run-id ${runId}; use another --data-dir`,
    );
  const save = () => stateStore.save(state);
  const m = {
    verified: new Counter({
      name: 'veritrain_fraud_proofer_submissions_verified_total',
      help: 'submissions re-executed',
      labelNames: ['verdict'],
      registers: [ctx.metrics.registry],
    }),
    open: new Gauge({
      name: 'veritrain_fraud_proofer_open_disputes',
      help: 'our disputes awaiting a verdict',
      registers: [ctx.metrics.registry],
    }),
  };
  // Before anything is decided: the transactions a crash left in flight (a commit, a reveal, a resolve) are
  // looked up on chain and waited for, so the chain state read from here on includes their outcome.
  await chain.reconcile();

  const run = await loadRun(ctx, store, runId, config.cacheDir);
  logger.info({ runId: runId.toString(), sample: config.sample, disputes: state.disputes.length }, 'watching the run');
  const submittedScanner = chain.coordinatorScanner('Submitted', { runId });
  const queue = new Map<bigint, Awaited<ReturnType<typeof submittedEvent>>>();
  const attempts = new Map<bigint, number>();

  /** Our dispute on `submissionId` already on chain (the process died after sending openDispute). */
  async function findOurDispute(submissionId: bigint): Promise<bigint | undefined> {
    const logs = await chain.coordinatorEvents('DisputeOpened', { runId, submissionId });
    return logs.find((l) => l.args.challenger === me)?.args.disputeId;
  }

  // One intent per commit and per reveal, keyed by what they are about (not by the salted commitment): a restart
  // finds the one it sent whatever salt it had.
  const commitKey = (submissionId: bigint) => `commitDispute:${submissionId}`;
  const revealKey = (commitId: bigint) => `revealDispute:${commitId}`;
  const commitChain: CommitChain = {
    blockNumber: chain.blockNumber,
    commit: async (submissionId, commitment) => {
      const { receipt } = await chain.send(
        chain.coordinatorCall('commitDispute', [submissionId, commitment], run.config.challengerBond),
        commitKey(submissionId),
      );
      const e = parseEventLogs({ abi: coordinatorAbi, logs: receipt.logs, eventName: 'DisputeCommitted' })[0];
      if (!e)
        throw new NodeError(
          'RPC_INVALID_ANSWER',
          `commitDispute on submission ${submissionId}: no DisputeCommitted event in its receipt`,
        );
      return {
        commitId: e.args.commitId,
        revealFromBlock: e.args.revealFromBlock,
        revealUntilBlock: e.args.revealUntilBlock,
      };
    },
    settleCommit: async (submissionId) => {
      await chain.journal.reconcileKey(commitKey(submissionId));
    },
    findCommit: async (submissionId) => {
      const e = (await chain.coordinatorEvents('DisputeCommitted', { runId, submissionId })).find(
        (l) => l.args.challenger === me,
      );
      return (
        e && {
          commitId: e.args.commitId,
          revealFromBlock: e.args.revealFromBlock,
          revealUntilBlock: e.args.revealUntilBlock,
        }
      );
    },
    reveal: async (commitId, claim, salt) => {
      const { receipt } = await chain.send(
        chain.coordinatorCall('revealDispute', [commitId, claim, salt]),
        revealKey(commitId),
      );
      const e = parseEventLogs({ abi: coordinatorAbi, logs: receipt.logs, eventName: 'DisputeCommitRevealed' })[0];
      if (!e)
        throw new NodeError(
          'RPC_INVALID_ANSWER',
          `revealDispute of commit ${commitId}: no DisputeCommitRevealed event in its receipt`,
        );
      return e.args.disputeId;
    },
    settleReveal: async (commitId) => {
      await chain.journal.reconcileKey(revealKey(commitId));
    },
    findReveal: async (commitId) =>
      (await chain.coordinatorEvents('DisputeCommitRevealed', { commitId }))[0]?.args.disputeId,
  };
  const commitDeps: CommitDeps = {
    chain: commitChain,
    state,
    me,
    save,
    newSalt: () => bytesToHex(randomBytes(32)) as Hex,
    log: (level, message, fields) => logger[level](fields, message),
  };

  async function verify(sub: Awaited<ReturnType<typeof submittedEvent>>): Promise<void> {
    const id = sub.submissionId;
    const lease = await readLease(views, id);
    if (!worthVerifying(lease, await chain.now())) {
      state.done.push(id);
      save();
      return;
    }
    let finding = await findFraud(ctx, store!, run, sub, lease.stepsRoot);
    if (finding.verdict === 'honest' && config.adversarialFalseAccusations) {
      logger.warn({ submissionId: id.toString() }, 'ADVERSARIAL: accusing an honest submission');
      finding = falseAccusation(sub.finalRoot);
    }
    m.verified.inc({ verdict: finding.verdict });
    if (finding.verdict === 'honest') {
      logger.info(
        { submissionId: id.toString(), steps: `${sub.firstStep}-${sub.lastStep}` },
        'submission verified: honest',
      );
      state.done.push(id);
      save();
      return;
    }
    logger.warn(
      { submissionId: id.toString(), step: finding.step, reason: finding.reason },
      'FRAUD found; committing to a dispute',
    );
    await commitToDispute(commitDeps, id, finding.step, finding.claim);
    state.done.push(id);
    save();
  }

  async function follow(): Promise<void> {
    for (const d of state.disputes) {
      if (d.phase === 'settled') continue;
      if (d.phase === 'committing' || d.phase === 'committed' || d.phase === 'revealing') {
        const next = await advanceCommit(commitDeps, d);
        if (next === 'forget') {
          // The commit never made it: forget the intent and let the submission be verified again.
          logger.info(
            { submissionId: d.submissionId.toString() },
            'our dispute commit is not on chain; verifying the submission again',
          );
          state.disputes = state.disputes.filter((x) => x !== d);
          state.done = state.done.filter((x) => x !== d.submissionId);
          save();
          // Its Submitted event is behind the scanner's cursor: queue it again from the event itself.
          queue.set(d.submissionId, await submittedEvent(ctx, runId, d.submissionId));
        }
        if (next !== 'open') continue;
      }
      if (d.phase === 'opening') {
        d.disputeId = await findOurDispute(d.submissionId);
        if (d.disputeId === undefined) {
          // The transaction never made it: forget the intent and let the submission be verified again.
          state.disputes = state.disputes.filter((x) => x !== d);
          state.done = state.done.filter((x) => x !== d.submissionId);
          save();
          continue;
        }
        d.phase = 'open';
        save();
      }
      const disputeId = d.disputeId!;
      const view = await readDispute(views, disputeId);
      const courtCase =
        view.status === DisputeStatus.Open && chain.court
          ? await chain.read('getCase', () => chain.court!.read.getCase([disputeId]))
          : undefined;
      const action = openDisputeAction(
        view.status,
        courtCase && BigInt(courtCase.revealEnd),
        courtCase ? await chain.now() : 0n,
      );
      if (action === 'settled') {
        const outcome = disputeOutcomeName(view.status);
        logger.info({ disputeId: disputeId.toString(), outcome }, `dispute resolved: ${outcome}`);
        d.phase = 'settled';
        save();
        continue;
      }
      if (action === 'resolveCase')
        await chain.attempt(`resolved the court case of dispute ${disputeId}`, chain.courtCall('resolve', [disputeId]));
    }
    m.open.set(state.disputes.filter((d) => d.phase !== 'settled').length);
    const credits = await chain.read('credits', () => chain.coordinator.read.credits([me]));
    if (credits > 0n) await chain.attempt(`withdrew ${credits} wei`, chain.coordinatorCall('withdraw', []));
  }

  async function iteration(): Promise<'done' | 'again'> {
    for (const l of await submittedScanner.next()) {
      const a = l.args;
      if (!needsVerifying(a.submissionId, state) || !sampled(me, a.submissionId, config.sample)) continue;
      queue.set(a.submissionId, {
        submissionId: a.submissionId,
        parentId: a.parentId,
        firstStep: a.firstStep,
        lastStep: a.lastStep,
        finalRoot: a.finalRoot,
        checkpointCid: a.checkpointCid,
        challengeDeadline: a.challengeDeadline,
        worker: a.worker,
      });
    }
    for (const [id, sub] of [...queue].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (signal.aborted) return 'again';
      try {
        await verify(sub);
        queue.delete(id);
      } catch (err) {
        if (signal.aborted) throw err;
        const n = (attempts.get(id) ?? 0) + 1;
        attempts.set(id, n);
        logger.error(
          { submissionId: id.toString(), attempt: n, err: err instanceof Error ? err.message : String(err) },
          'could not verify the submission yet',
        );
        if (n >= MAX_VERIFY_ATTEMPTS) queue.delete(id);
      }
    }
    await follow();
    if (config.exitWhenIdle) {
      const rs = await readRunState(views, runId);
      if (
        idleDone({
          finalizedStep: BigInt(rs.finalizedStep),
          totalSteps: run.config.totalSteps,
          queued: queue.size,
          disputes: state.disputes,
        })
      )
        return 'done';
    }
    return 'again';
  }

  const end = await runNodeLoop({
    iteration: async () => ((await iteration()) === 'done' ? 'done' : 'idle'),
    signal,
    logger,
    pollIntervalMs: config.pollIntervalMs,
    maxConsecutiveFailures: MAX_CONSECUTIVE_FAILURES,
  });
  if (end === 'done')
    logger.info({ disputes: state.disputes.length }, 'the run is final and every dispute settled; done');
}
