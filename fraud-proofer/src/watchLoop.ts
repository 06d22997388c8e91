import { bytesToHex, encodePacked, keccak256, parseEventLogs, type Hex } from 'viem';
import { randomBytes } from 'node:crypto';
import { Counter, Gauge } from 'prom-client';
import {
  callWithRetry,
  chainTime,
  loadRun,
  NodeError,
  readDispute,
  readLease,
  readRunState,
  runNodeLoop,
  submittedEvent,
  writeContractWithRetry,
  type NodeContext,
} from '@veritrain/node-core';
import { coordinatorAbi, disputeCourtAbi, DisputeStatus, SubmissionStatus } from '@veritrain/protocol';
import { advanceCommit, commitToDispute, type CommitChain, type CommitDeps } from './disputeByCommit';
import { falseAccusation, findFraud } from './findFraud';
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
 * salt, the claim and the commit's transaction first so a restart reveals instead of committing again (and
 * never disputes twice); follow each dispute to its verdict (resolving the court case when the reveal phase is
 * over) and withdraw what it is credited.
 */
export async function watchLoop(ctx: Ctx): Promise<void> {
  const { config, logger, signal } = ctx;
  const store = ctx.store;
  if (!store) throw new Error('the fraud-proofer needs a content store');
  const runId = BigInt(config.runId);
  const coordinator = ctx.contracts.coordinator;
  const court = ctx.contracts.court;
  const me = ctx.clients.account.address;
  const pub = ctx.clients.publicClient;
  const views = { clients: ctx.clients, coordinator, retry: ctx.retry };
  const stateStore = ctx.stateStore('fraud-proofer', validateFraudProoferState);
  const state: FraudProoferState = stateStore.load() ?? { version: 1, runId, done: [], disputes: [] };
  if (state.runId !== runId) throw new NodeError('STATE', `${stateStore.path} belongs to run ${state.runId}, not --run-id ${runId}; use another --data-dir`);
  const save = () => stateStore.save(state);
  const m = {
    verified: new Counter({ name: 'veritrain_fraud_proofer_submissions_verified_total', help: 'submissions re-executed', labelNames: ['verdict'], registers: [ctx.metrics.registry] }),
    open: new Gauge({ name: 'veritrain_fraud_proofer_open_disputes', help: 'our disputes awaiting a verdict', registers: [ctx.metrics.registry] }),
  };
  const send = (address: `0x${string}`, abi: typeof coordinatorAbi | typeof disputeCourtAbi, functionName: string, args: readonly unknown[], value?: bigint) =>
    writeContractWithRetry(ctx.clients, { address, abi, functionName, args, retry: ctx.retry, ...(value === undefined ? {} : { value }) });
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      logger.info(what);
      return true;
    } catch (err) {
      if (err instanceof NodeError && err.code === 'REVERTED') {
        logger.debug({ reason: err.message }, `${what}: not possible yet`);
        return false;
      }
      throw err;
    }
  };

  const run = await loadRun(ctx, store, runId, config.cacheDir);
  logger.info({ runId: runId.toString(), sample: config.sample, disputes: state.disputes.length }, 'watching the run');
  let scannedTo = ctx.contracts.startBlock - 1n;
  const queue = new Map<bigint, Awaited<ReturnType<typeof submittedEvent>>>();
  const attempts = new Map<bigint, number>();

  /** Our dispute on `submissionId` already on chain (the process died after sending openDispute). */
  async function findOurDispute(submissionId: bigint): Promise<bigint | undefined> {
    const logs = await callWithRetry(
      'getLogs DisputeOpened',
      () => pub.getContractEvents({ address: coordinator, abi: coordinatorAbi, eventName: 'DisputeOpened', args: { runId, submissionId }, fromBlock: ctx.contracts.startBlock }),
      ctx.retry,
    );
    return logs.find((l) => l.args.challenger === me)?.args.disputeId;
  }

  const commitChain: CommitChain = {
    blockNumber: () => callWithRetry('getBlockNumber', () => pub.getBlockNumber(), ctx.retry),
    commit: async (submissionId, commitment, onSigned) => {
      const { receipt } = await writeContractWithRetry(ctx.clients, {
        address: coordinator,
        abi: coordinatorAbi,
        functionName: 'commitDispute',
        args: [submissionId, commitment],
        value: run.config.challengerBond,
        retry: ctx.retry,
        beforeBroadcast: (tx) => onSigned(tx.hash),
      });
      const e = parseEventLogs({ abi: coordinatorAbi, logs: receipt.logs, eventName: 'DisputeCommitted' })[0];
      if (!e) throw new NodeError('RPC_INVALID_ANSWER', `commitDispute on submission ${submissionId}: no DisputeCommitted event in its receipt`);
      return { commitId: e.args.commitId, revealFromBlock: e.args.revealFromBlock, revealUntilBlock: e.args.revealUntilBlock };
    },
    findCommit: async (submissionId) => {
      const logs = await callWithRetry(
        'getLogs DisputeCommitted',
        () => pub.getContractEvents({ address: coordinator, abi: coordinatorAbi, eventName: 'DisputeCommitted', args: { runId, submissionId }, fromBlock: ctx.contracts.startBlock }),
        ctx.retry,
      );
      const e = logs.find((l) => l.args.challenger === me);
      return e && { commitId: e.args.commitId!, revealFromBlock: e.args.revealFromBlock!, revealUntilBlock: e.args.revealUntilBlock! };
    },
    pending: async (hash) => {
      try {
        const tx = await pub.getTransaction({ hash });
        return tx.blockNumber === null;
      } catch {
        return false;
      }
    },
    reveal: async (commitId, claim, salt) => {
      const { receipt } = await send(coordinator, coordinatorAbi, 'revealDispute', [commitId, claim, salt]);
      const e = parseEventLogs({ abi: coordinatorAbi, logs: receipt.logs, eventName: 'DisputeCommitRevealed' })[0];
      if (!e) throw new NodeError('RPC_INVALID_ANSWER', `revealDispute of commit ${commitId}: no DisputeCommitRevealed event in its receipt`);
      return e.args.disputeId;
    },
    findReveal: async (commitId) => {
      const logs = await callWithRetry(
        'getLogs DisputeCommitRevealed',
        () => pub.getContractEvents({ address: coordinator, abi: coordinatorAbi, eventName: 'DisputeCommitRevealed', args: { commitId }, fromBlock: ctx.contracts.startBlock }),
        ctx.retry,
      );
      return logs[0]?.args.disputeId;
    },
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
    const now = await chainTime(ctx.clients, ctx.retry);
    if (lease.status !== SubmissionStatus.Pending || now > lease.deadline) {
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
      logger.info({ submissionId: id.toString(), steps: `${sub.firstStep}-${sub.lastStep}` }, 'submission verified: honest');
      state.done.push(id);
      save();
      return;
    }
    logger.warn({ submissionId: id.toString(), step: finding.step, reason: finding.reason }, 'FRAUD found; committing to a dispute');
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
          logger.info({ submissionId: d.submissionId.toString() }, 'our dispute commit is not on chain; verifying the submission again');
          state.disputes = state.disputes.filter((x) => x !== d);
          state.done = state.done.filter((x) => x !== d.submissionId);
          save();
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
      if (view.status !== DisputeStatus.Open) {
        const outcome = Object.entries(DisputeStatus).find(([, v]) => v === view.status)?.[0];
        logger.info({ disputeId: disputeId.toString(), outcome }, `dispute resolved: ${outcome}`);
        d.phase = 'settled';
        save();
        continue;
      }
      if (court) {
        const c = (await callWithRetry('getCase', () => pub.readContract({ address: court, abi: disputeCourtAbi, functionName: 'getCase', args: [disputeId] }), ctx.retry)) as { revealEnd: number | bigint };
        if ((await chainTime(ctx.clients, ctx.retry)) > BigInt(c.revealEnd)) {
          await attempt(`resolved the court case of dispute ${disputeId}`, () => send(court, disputeCourtAbi, 'resolve', [disputeId]));
        }
      }
    }
    m.open.set(state.disputes.filter((d) => d.phase !== 'settled').length);
    const credits = (await callWithRetry('credits', () => pub.readContract({ address: coordinator, abi: coordinatorAbi, functionName: 'credits', args: [me] }), ctx.retry)) as bigint;
    if (credits > 0n) await attempt(`withdrew ${credits} wei`, () => send(coordinator, coordinatorAbi, 'withdraw', []));
  }

  async function iteration(): Promise<'done' | 'again'> {
    const head = await callWithRetry('getBlockNumber', () => pub.getBlockNumber(), ctx.retry);
    if (head > scannedTo) {
      const logs = await callWithRetry(
        'getLogs Submitted',
        () => pub.getContractEvents({ address: coordinator, abi: coordinatorAbi, eventName: 'Submitted', args: { runId }, fromBlock: scannedTo + 1n, toBlock: head }),
        ctx.retry,
      );
      for (const l of logs) {
        const id = l.args.submissionId!;
        if (state.done.includes(id) || !sampled(me, id, config.sample)) continue;
        const a = l.args;
        queue.set(id, {
          submissionId: id,
          parentId: a.parentId!,
          firstStep: a.firstStep!,
          lastStep: a.lastStep!,
          finalRoot: a.finalRoot!,
          checkpointCid: a.checkpointCid!,
          challengeDeadline: a.challengeDeadline!,
          worker: a.worker!,
        });
      }
      scannedTo = head;
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
        logger.error({ submissionId: id.toString(), attempt: n, err: err instanceof Error ? err.message : String(err) }, 'could not verify the submission yet');
        if (n >= 10) queue.delete(id);
      }
    }
    await follow();
    if (config.exitWhenIdle) {
      const rs = await readRunState(views, runId);
      if (BigInt(rs.finalizedStep) >= run.config.totalSteps && queue.size === 0 && state.disputes.every((d) => d.phase === 'settled')) return 'done';
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
  if (end === 'done') logger.info({ disputes: state.disputes.length }, 'the run is final and every dispute settled; done');
}
