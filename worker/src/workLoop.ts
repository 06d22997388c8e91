import { Counter, Gauge } from 'prom-client';
import {
  callWithRetry,
  chainTime,
  computeLease,
  encodeSubmissionManifest,
  fetchParentCheckpoint,
  loadRun,
  readLease as readLeaseView,
  readRunState as readRunStateView,
  submittedEvent,
  type LeaseView,
  type LoadedRun,
  NodeError,
  runNodeLoop,
  createIntentJournal,
  validateIntentJournalState,
  type ConfigOf,
  type NodeContext,
} from '@veritrain/node-core';
import { buildStepsTree, coordinatorAbi, packLosses, SubmissionStatus } from '@veritrain/protocol';
import type { workerOptions } from './options';
import { leaseFits, parentFetchTimeoutMs, type LeaseTimings } from './leaseFit';
import { validateWorkerState, type HeldLease, type WorkerState } from './workerState';

type Ctx = NodeContext<typeof workerOptions>;
const MAX_CONSECUTIVE_FAILURES = 20;

/**
 * The worker: acquire a lease → fetch and verify the parent checkpoint → compute the k steps → store and
 * pin the checkpoint and its manifest → submit; meanwhile settle its submissions (finalize, reclaim
 * orphans, claim rewards, withdraw) and, as a keeper, finalize others' and expire dead leases. The lease
 * in hand is saved before and after each stage, so a restart (even after kill -9) resumes and submits it.
 */
export async function workLoop(ctx: Ctx): Promise<void> {
  const { config, logger, signal } = ctx;
  const store = ctx.store;
  if (!store) throw new Error('the worker needs a content store');
  const runId = BigInt(config.runId);
  const coordinator = ctx.contracts.coordinator;
  const me = ctx.clients.account.address;
  const pub = ctx.clients.publicClient;
  const stateStore = ctx.stateStore('worker', validateWorkerState);
  let state: WorkerState = stateStore.load() ?? { version: 1, runId, pending: [], submitted: 0 };
  if (state.runId !== runId) {
    throw new NodeError('STATE', `${stateStore.path} belongs to run ${state.runId}, not --run-id ${runId}; use another --data-dir`);
  }
  const save = () => stateStore.save(state);

  const m = {
    leases: new Counter({ name: 'veritrain_worker_leases_submitted_total', help: 'leases submitted', registers: [ctx.metrics.registry] }),
    steps: new Counter({ name: 'veritrain_worker_steps_computed_total', help: 'training steps computed', registers: [ctx.metrics.registry] }),
    loss: new Gauge({ name: 'veritrain_worker_last_loss', help: 'training loss of the last step computed', registers: [ctx.metrics.registry] }),
    pending: new Gauge({ name: 'veritrain_worker_pending_submissions', help: 'own submissions not yet settled', registers: [ctx.metrics.registry] }),
  };

  const read = <T>(functionName: string, args: readonly unknown[]): Promise<T> =>
    callWithRetry(functionName, () => pub.readContract({ address: coordinator, abi: coordinatorAbi, functionName, args } as never) as Promise<T>, ctx.retry);
  // Every transaction through the intent journal: saved before it is broadcast, looked up at restart.
  const journal = createIntentJournal({ clients: ctx.clients, store: ctx.stateStore('intents', validateIntentJournalState), retry: ctx.retry, logger: logger.child({ component: 'intents' }) });
  const send = (functionName: string, args: readonly unknown[], value?: bigint) =>
    journal.send(`${functionName}:${args.slice(0, 2).map(String).join(':')}`, { address: coordinator, abi: coordinatorAbi, functionName, args, retry: ctx.retry, ...(value === undefined ? {} : { value }) });
  const views = { clients: ctx.clients, coordinator, retry: ctx.retry };
  const readLease = (id: bigint) => readLeaseView(views, id);
  const readRunState = () => readRunStateView(views, runId);
  const now = () => chainTime(ctx.clients, ctx.retry);
  /** A transaction that may legitimately lose a race: a revert is logged, not thrown. */
  const attempt = async (what: string, functionName: string, args: readonly unknown[]) => {
    try {
      await send(functionName, args);
      logger.info({ args: args.map(String) }, what);
      return true;
    } catch (err) {
      if (err instanceof NodeError && err.code === 'REVERTED') {
        logger.debug({ reason: err.message }, `${functionName} not possible yet`);
        return false;
      }
      throw err;
    }
  };

  // Before anything is decided: what became of the transactions a crash left in flight (each then shows in the
  // chain state the loop reads: a mined submit makes the lease Pending, a mined acquire our live lease).
  const outcomes = await journal.reconcile();
  if (outcomes.length > 0) logger.info({ intents: outcomes.map((o) => `${o.intent.key}: ${o.status}`) }, 'reconciled the transactions in flight at the last stop');
  logger.info({ runId: runId.toString(), resumedLease: state.lease?.leaseId.toString(), pending: state.pending.map(String) }, 'loading the run');
  const run: LoadedRun = await loadRun(ctx, store, runId, config.cacheDir);
  const totalSteps = run.config.totalSteps;
  logger.info({ totalSteps: totalSteps.toString(), k: run.config.stepsPerLease.toString(), model: run.spec.model.kind }, 'run loaded');

  /** The pace of our last lease (leaseFit.ts): a lease is taken only if the next one fits at that pace. */
  let timings: LeaseTimings | undefined;
  let unfitLogged = false;
  /**
   * The checkpoint of the run's tip, fetched as soon as it is submitted (the next lease builds on it), so that
   * a lease is taken only once its parent is held: a slow or frozen previous worker then costs us waiting time,
   * not a bond. One fetch at a time, in the background; a failed one is tried again at the next pass.
   */
  let prefetched: { parentId: bigint; bytes?: Uint8Array } | undefined;
  /** Parent fetches are bounded by the lease (leaseFit.ts), not by the store's default timeout. */
  const fetchTimeoutMs = (remainingS?: number) => parentFetchTimeoutMs(timings, Number(run.config.stepsPerLease), Number(run.config.leaseDuration), remainingS);
  function parentHeld(parentId: bigint): boolean {
    if (prefetched?.parentId === parentId) return prefetched.bytes !== undefined;
    const entry: { parentId: bigint; bytes?: Uint8Array } = { parentId };
    prefetched = entry;
    logger.info({ parentId: parentId.toString() }, 'prefetching the checkpoint the next lease builds on');
    void fetchParentCheckpoint(ctx, store!, run, parentId, { timeoutMs: fetchTimeoutMs() }).then(
      (bytes) => {
        entry.bytes = bytes;
        logger.info({ parentId: parentId.toString(), bytes: bytes.byteLength }, 'parent checkpoint prefetched');
      },
      (err: unknown) => {
        if (prefetched === entry) prefetched = undefined;
        if (!signal.aborted) logger.warn({ parentId: parentId.toString(), err: (err as Error).message }, 'parent checkpoint prefetch failed; trying again');
      },
    );
    return false;
  }

  async function workOnLease(held: HeldLease): Promise<void> {
    const log = logger.child({ leaseId: held.leaseId.toString() });
    const onChain = await readLease(held.leaseId);
    if (onChain.status === SubmissionStatus.Pending || onChain.status === SubmissionStatus.Final) {
      log.info('the submission was mined before the restart');
      finishSubmit(held);
      return;
    }
    if (onChain.status !== SubmissionStatus.Leased) {
      log.warn({ status: onChain.status }, 'the lease is gone (expired or cancelled); dropping it');
      state.lease = undefined;
      save();
      return;
    }
    if ((await now()) > held.deadline) {
      log.warn({ deadline: held.deadline.toString() }, 'the lease deadline passed before it could be submitted');
      await expireOwnLapsedLease(held.leaseId);
      return;
    }
    if (!held.computed) {
      const local = prefetched?.parentId === held.parentId ? prefetched.bytes : undefined;
      log.info({ firstStep: held.firstStep, lastStep: held.lastStep, parentId: held.parentId.toString(), prefetched: local !== undefined }, 'fetching the parent checkpoint');
      const parent = local ?? (await fetchParentCheckpoint(ctx, store!, run, held.parentId, { timeoutMs: fetchTimeoutMs(Number(held.deadline - (await now()))) }));
      if (config.verifyParent && held.parentId !== 0n) await verifyParent(held.parentId);
      const computeStarted = performance.now();
      const { records, checkpoint } = await computeLease({
        run,
        parent,
        firstStep: held.firstStep,
        lastStep: held.lastStep,
        signal,
        logger: log,
        metrics: ctx.metrics,
        throttleStepMs: config.throttleStepMs,
        corruptStep: config.adversarialCorruptStep,
        malformFinal: config.adversarialCheckpoint,
      });
      m.steps.inc(records.length);
      m.loss.set(records.at(-1)!.loss);
      const storeStarted = performance.now();
      const checkpointCid = await store!.add(checkpoint);
      await store!.pin(checkpointCid);
      let manifestCid = await store!.add(
        encodeSubmissionManifest({
          version: 1,
          runId,
          leaseId: held.leaseId,
          firstStep: held.firstStep,
          lastStep: held.lastStep,
          checkpointCid,
          records: records.map((r) => ({ step: r.step, stateRoot: r.stateRoot, lossBits: r.lossBits })),
        }),
      );
      await store!.pin(manifestCid);
      timings = { stepS: (storeStarted - computeStarted) / 1000 / records.length, storeS: (performance.now() - storeStarted) / 1000 };
      if (config.adversarialManifestMib !== undefined) {
        // Zeros deduplicate to one leaf block: a handful of blocks whose root declares the whole size.
        manifestCid = await store!.add(new Uint8Array(config.adversarialManifestMib * 1024 * 1024));
        log.warn({ manifestCid, declaredMib: config.adversarialManifestMib }, 'ADVERSARIAL: submitting a manifest CID that names a huge DAG');
      }
      const tree = buildStepsTree(runId, records.map((r) => ({ step: BigInt(r.step), stateRoot: r.stateRoot, lossBits: r.lossBits })));
      held.computed = {
        manifestCid,
        checkpointCid,
        stepsRoot: tree.root,
        finalRoot: records.at(-1)!.stateRoot,
        losses: packLosses(records.map((r) => r.lossBits)),
        finalProof: tree.finalProof,
      };
      save();
      log.info({ checkpointCid, manifestCid }, 'checkpoint and manifest stored and pinned');
    }
    const c = held.computed;
    try {
      await send('submit', [runId, held.leaseId, c.stepsRoot, c.finalRoot, c.manifestCid, c.losses, c.finalProof]);
    } catch (err) {
      if (err instanceof NodeError && err.code === 'REVERTED' && /LeaseDeadlinePassed|LeaseNotLive/.test(err.message)) {
        log.warn({ reason: err.message }, 'submit refused');
        await expireOwnLapsedLease(held.leaseId);
        return;
      }
      throw err;
    }
    log.info({ stepsRoot: c.stepsRoot, finalRoot: c.finalRoot }, 'submitted');
    finishSubmit(held);
  }

  /**
   * A lease of ours whose deadline passed cannot be submitted any more, but it still holds the run's mutex
   * until someone expires it: we do it ourselves (the slash is the same whoever calls; only the keeper share
   * goes to the treasury instead of a keeper), so a lone worker never waits on a lease nobody will free.
   * A revert means it is no longer live (a keeper expired it first): either way it is gone.
   */
  async function expireOwnLapsedLease(leaseId: bigint): Promise<void> {
    await attempt('expired our own lapsed lease', 'expireLease', [leaseId]);
    state.lease = undefined;
    save();
  }

  function finishSubmit(held: HeldLease): void {
    state.pending = [...new Set([...state.pending, held.leaseId])];
    state.submitted += 1;
    state.lease = undefined;
    save();
    m.leases.inc();
  }

  async function verifyParent(parentId: bigint): Promise<void> {
    const parent = await submittedEvent(ctx, runId, parentId);
    const grand = await fetchParentCheckpoint(ctx, store!, run, parent.parentId);
    const { records } = await computeLease({
      run,
      parent: grand,
      firstStep: Number(parent.firstStep),
      lastStep: Number(parent.lastStep),
      signal,
      logger: logger.child({ verifying: parentId.toString() }),
      metrics: ctx.metrics,
    });
    if (records.at(-1)!.stateRoot !== parent.finalRoot) {
      throw new NodeError('TX_FAILED', `parent submission ${parentId} is wrong: recomputed ${records.at(-1)!.stateRoot}, committed ${parent.finalRoot}; not building on it`);
    }
    logger.info({ parentId: parentId.toString() }, 'parent verified by re-execution');
  }

  const seenSubmissions = new Set<bigint>();
  let scannedTo = ctx.contracts.startBlock - 1n;

  async function settle(): Promise<void> {
    const t = await now();
    // Others' submissions, for the keeper: every Submitted event of the run not yet settled.
    if (config.keeper) {
      const head = await callWithRetry('getBlockNumber', () => pub.getBlockNumber(), ctx.retry);
      if (head > scannedTo) {
        const logs = await callWithRetry(
          'getLogs Submitted',
          () => pub.getContractEvents({ address: coordinator, abi: coordinatorAbi, eventName: 'Submitted', args: { runId }, fromBlock: scannedTo + 1n, toBlock: head }),
          ctx.retry,
        );
        for (const l of logs) seenSubmissions.add(l.args.submissionId!);
        scannedTo = head;
      }
    }
    const candidates = [...new Set([...seenSubmissions, ...state.pending])].sort((a, b) => (a < b ? -1 : 1));
    for (const id of candidates) {
      const l = await readLease(id);
      const mine = l.holder === me;
      if (l.status === SubmissionStatus.Pending) {
        const parent = l.parentId === 0n ? undefined : await readLease(l.parentId);
        if (parent && (parent.status === SubmissionStatus.Invalid || parent.status === SubmissionStatus.Orphaned)) {
          if (mine) await attempt('reclaimed the bond of an orphaned submission', 'reclaimOrphaned', [id]);
          continue;
        }
        if (t > l.deadline && l.openDisputes === 0 && l.pendingCommits === 0) await attempt(mine ? 'finalized our submission' : 'finalized a submission (keeper)', 'finalize', [id]);
        continue;
      }
      seenSubmissions.delete(id);
      if (mine && state.pending.includes(id)) {
        state.pending = state.pending.filter((p) => p !== id);
        save();
        const outcome = l.status === SubmissionStatus.Final ? 'final: bond refunded, rewards accrued' : l.status === SubmissionStatus.Invalid ? 'INVALID: ruled fraudulent, bond slashed' : 'orphaned: bond refunded';
        logger.info({ submissionId: id.toString(), status: l.status }, `our submission is ${outcome}`);
      }
    }
    m.pending.set(state.pending.length);
    if ((await read<bigint>('rewardsOwed', [me])) > 0n) await attempt('claimed reward tokens', 'claimRewards', []);
    if ((await read<bigint>('credits', [me])) > 0n) await attempt('withdrew credited ETH', 'withdraw', []);
  }

  async function iteration(): Promise<'done' | 'again'> {
    const rs = await readRunState();
    // A lease of ours the state file does not know: the process died right after acquireLease was mined.
    if (!state.lease && rs.liveLeaseId !== 0n) {
      const l = await readLease(rs.liveLeaseId);
      if (l.holder === me && l.status === SubmissionStatus.Leased) {
        if ((await now()) > l.deadline) {
          logger.warn({ leaseId: rs.liveLeaseId.toString(), deadline: l.deadline.toString() }, 'our live lease found on chain has lapsed');
          await expireOwnLapsedLease(rs.liveLeaseId);
          return 'again';
        }
        logger.info({ leaseId: rs.liveLeaseId.toString() }, 'adopting our live lease found on chain');
        state.lease = leaseFrom(rs.liveLeaseId, l);
        save();
      }
    }
    if (state.lease) {
      await workOnLease(state.lease);
      return 'again';
    }
    await settle();
    const limitReached = config.maxLeases > 0 && state.submitted >= config.maxLeases;
    if (limitReached || BigInt(rs.tipStep) >= totalSteps) {
      if (state.pending.length === 0 && (limitReached || BigInt(rs.finalizedStep) >= totalSteps)) return 'done';
      return 'again';
    }
    // Fetched while the live lease (if any) is still being computed: it builds on the same tip if it lapses.
    const parentReady = parentHeld(rs.tipId);
    if (rs.liveLeaseId === 0n) {
      if (!parentReady) return 'again';
      const fit = leaseFits(timings, Number(run.config.stepsPerLease), Number(run.config.leaseDuration));
      if (!fit.fits) {
        if (!unfitLogged) {
          logger.warn(
            { neededS: Number(fit.neededS!.toFixed(1)), leaseDurationS: Number(run.config.leaseDuration), ...timings },
            'at the pace of our last lease the next one would not be finished in time; not taking leases',
          );
          unfitLogged = true;
        }
        return 'again';
      }
      try {
        // workerBond, doubled for each lease of the run that expired in a row since the last submission.
        const bondWei = await read<bigint>('leaseBondWei', [runId]);
        const { receipt } = await send('acquireLease', [runId], bondWei);
        const { liveLeaseId: leaseId } = await readRunState();
        const l = await readLease(leaseId);
        if (l.holder === me) {
          state.lease = leaseFrom(leaseId, l);
          save();
          logger.info({ leaseId: leaseId.toString(), firstStep: l.firstStep, lastStep: l.lastStep, deadline: l.deadline.toString(), block: receipt.blockNumber.toString() }, 'lease acquired');
        }
        return 'again';
      } catch (err) {
        if (err instanceof NodeError && err.code === 'REVERTED' && /LeaseHeld|RunComplete|LeaseCooldown|WrongBond/.test(err.message)) return 'again';
        throw err;
      }
    }
    if (config.keeper) {
      const l = await readLease(rs.liveLeaseId);
      if (l.status === SubmissionStatus.Leased && (await now()) > l.deadline) await attempt('expired a dead lease (keeper)', 'expireLease', [rs.liveLeaseId]);
    }
    return 'again';
  }

  // With a lease held the next pass computes at once; without one it waits a poll interval for the mutex.
  const end = await runNodeLoop({
    iteration: async () => ((await iteration()) === 'done' ? 'done' : state.lease ? 'again' : 'idle'),
    signal,
    logger,
    pollIntervalMs: config.pollIntervalMs,
    maxConsecutiveFailures: MAX_CONSECUTIVE_FAILURES,
  });
  if (end === 'done') {
    logger.info({ submitted: state.submitted }, config.maxLeases > 0 && state.submitted >= config.maxLeases ? '--max-leases reached and settled; done' : 'the run is complete and settled; done');
  }
}

function leaseFrom(leaseId: bigint, l: LeaseView): HeldLease {
  return { leaseId, firstStep: l.firstStep, lastStep: l.lastStep, parentId: l.parentId, deadline: l.deadline };
}

export type WorkerConfig = ConfigOf<typeof workerOptions>;
