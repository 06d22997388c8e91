import { Counter, Gauge } from 'prom-client';
import {
  computeLease,
  createNodeChain,
  encodeSubmissionManifest,
  fetchParentCheckpoint,
  formatRevert,
  isRevert,
  loadRun,
  readLease as readLeaseView,
  readRunState as readRunStateView,
  submittedEvent,
  type LeaseView,
  type LoadedRun,
  NodeError,
  runNodeLoop,
  type ConfigOf,
  type NodeContext,
} from '@veritrain/node-core';
import { buildStepsTree, packLosses, SubmissionStatus } from '@veritrain/protocol';
import type { workerOptions } from './options';
import { leaseFits, parentFetchTimeoutMs, type LeaseTimings } from './leaseFit';
import {
  ACQUIRE_RACE_ERRORS,
  heldLeaseAction,
  settleAction,
  settledOutcome,
  SUBMIT_TOO_LATE_ERRORS,
  workDone,
} from './workerDecisions';
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
  const stateStore = ctx.stateStore('worker', validateWorkerState);
  const state: WorkerState = stateStore.load() ?? { version: 1, runId, pending: [], submitted: 0 };
  if (state.runId !== runId) {
    throw new NodeError(
      'STATE',
      `${stateStore.path} belongs to run ${state.runId}, not --run-id ${runId}; use another --data-dir`,
    );
  }
  const save = () => stateStore.save(state);

  const m = {
    leases: new Counter({
      name: 'veritrain_worker_leases_submitted_total',
      help: 'leases submitted',
      registers: [ctx.metrics.registry],
    }),
    steps: new Counter({
      name: 'veritrain_worker_steps_computed_total',
      help: 'training steps computed',
      registers: [ctx.metrics.registry],
    }),
    loss: new Gauge({
      name: 'veritrain_worker_last_loss',
      help: 'training loss of the last step computed',
      registers: [ctx.metrics.registry],
    }),
    pending: new Gauge({
      name: 'veritrain_worker_pending_submissions',
      help: 'own submissions not yet settled',
      registers: [ctx.metrics.registry],
    }),
  };

  // Typed reads, every transaction through the intent journal (saved before it is broadcast, looked up at restart).
  const chain = createNodeChain(ctx);
  const views = { clients: ctx.clients, coordinator, retry: ctx.retry };
  const readLease = (id: bigint) => readLeaseView(views, id);
  const readRunState = () => readRunStateView(views, runId);
  const now = chain.now;

  // Before anything is decided: what became of the transactions a crash left in flight (each then shows in the
  // chain state the loop reads: a mined submit makes the lease Pending, a mined acquire our live lease).
  await chain.reconcile();
  logger.info(
    { runId: runId.toString(), resumedLease: state.lease?.leaseId.toString(), pending: state.pending.map(String) },
    'loading the run',
  );
  const run: LoadedRun = await loadRun(ctx, store, runId, config.cacheDir);
  const totalSteps = run.config.totalSteps;
  logger.info(
    { totalSteps: totalSteps.toString(), k: run.config.stepsPerLease.toString(), model: run.spec.model.kind },
    'run loaded',
  );

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
  const fetchTimeoutMs = (remainingS?: number) =>
    parentFetchTimeoutMs(timings, Number(run.config.stepsPerLease), Number(run.config.leaseDuration), remainingS);
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
        if (!signal.aborted)
          logger.warn(
            { parentId: parentId.toString(), err: (err as Error).message },
            'parent checkpoint prefetch failed; trying again',
          );
      },
    );
    return false;
  }

  async function workOnLease(held: HeldLease): Promise<void> {
    const log = logger.child({ leaseId: held.leaseId.toString() });
    const onChain = await readLease(held.leaseId);
    const action = heldLeaseAction(
      onChain,
      onChain.status === SubmissionStatus.Leased ? await now() : 0n,
      held.deadline,
    );
    if (action === 'submitted') {
      log.info('the submission was mined before the restart');
      finishSubmit(held);
      return;
    }
    if (action === 'gone') {
      log.warn({ status: onChain.status }, 'the lease is gone (expired or cancelled); dropping it');
      state.lease = undefined;
      save();
      return;
    }
    if (action === 'lapsed') {
      log.warn({ deadline: held.deadline.toString() }, 'the lease deadline passed before it could be submitted');
      await expireOwnLapsedLease(held.leaseId);
      return;
    }
    if (!held.computed) {
      const local = prefetched?.parentId === held.parentId ? prefetched.bytes : undefined;
      log.info(
        {
          firstStep: held.firstStep,
          lastStep: held.lastStep,
          parentId: held.parentId.toString(),
          prefetched: local !== undefined,
        },
        'fetching the parent checkpoint',
      );
      const parent =
        local ??
        (await fetchParentCheckpoint(ctx, store!, run, held.parentId, {
          timeoutMs: fetchTimeoutMs(Number(held.deadline - (await now()))),
        }));
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
      timings = {
        stepS: (storeStarted - computeStarted) / 1000 / records.length,
        storeS: (performance.now() - storeStarted) / 1000,
      };
      if (config.adversarialManifestMib !== undefined) {
        // Zeros deduplicate to one leaf block: a handful of blocks whose root declares the whole size.
        manifestCid = await store!.add(new Uint8Array(config.adversarialManifestMib * 1024 * 1024));
        log.warn(
          { manifestCid, declaredMib: config.adversarialManifestMib },
          'ADVERSARIAL: submitting a manifest CID that names a huge DAG',
        );
      }
      const tree = buildStepsTree(
        runId,
        records.map((r) => ({ step: BigInt(r.step), stateRoot: r.stateRoot, lossBits: r.lossBits })),
      );
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
      await chain.send(
        chain.coordinatorCall('submit', [
          runId,
          held.leaseId,
          c.stepsRoot,
          c.finalRoot,
          c.manifestCid,
          c.losses,
          c.finalProof,
        ]),
      );
    } catch (err) {
      if (isRevert(err, SUBMIT_TOO_LATE_ERRORS)) {
        log.warn({ reason: formatRevert(err) }, 'submit refused');
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
    await chain.attempt('expired our own lapsed lease', chain.coordinatorCall('expireLease', [leaseId]));
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
      throw new NodeError(
        'TX_FAILED',
        `parent submission ${parentId} is wrong: recomputed ${records.at(-1)!.stateRoot}, committed ${parent.finalRoot}; not building on it`,
      );
    }
    logger.info({ parentId: parentId.toString() }, 'parent verified by re-execution');
  }

  const seenSubmissions = new Set<bigint>();
  const submittedScanner = chain.coordinatorScanner('Submitted', { runId });

  async function settle(): Promise<void> {
    const t = await now();
    // Others' submissions, for the keeper: every Submitted event of the run not yet settled.
    if (config.keeper) for (const l of await submittedScanner.next()) seenSubmissions.add(l.args.submissionId);
    const candidates = [...new Set([...seenSubmissions, ...state.pending])].sort((a, b) => (a < b ? -1 : 1));
    for (const id of candidates) {
      const l = await readLease(id);
      const mine = l.holder === me;
      const parentStatus =
        l.status === SubmissionStatus.Pending && l.parentId !== 0n ? (await readLease(l.parentId)).status : undefined;
      const action = settleAction(l, parentStatus, mine, t);
      if (action === 'reclaimOrphaned')
        await chain.attempt(
          'reclaimed the bond of an orphaned submission',
          chain.coordinatorCall('reclaimOrphaned', [id]),
        );
      if (action === 'finalize')
        await chain.attempt(
          mine ? 'finalized our submission' : 'finalized a submission (keeper)',
          chain.coordinatorCall('finalize', [id]),
        );
      if (action !== 'settled') continue;
      seenSubmissions.delete(id);
      if (mine && state.pending.includes(id)) {
        state.pending = state.pending.filter((p) => p !== id);
        save();
        logger.info({ submissionId: id.toString(), status: l.status }, `our submission is ${settledOutcome(l.status)}`);
      }
    }
    m.pending.set(state.pending.length);
    if ((await chain.read('rewardsOwed', () => chain.coordinator.read.rewardsOwed([me]))) > 0n)
      await chain.attempt('claimed reward tokens', chain.coordinatorCall('claimRewards', []));
    if ((await chain.read('credits', () => chain.coordinator.read.credits([me]))) > 0n)
      await chain.attempt('withdrew credited ETH', chain.coordinatorCall('withdraw', []));
  }

  async function iteration(): Promise<'done' | 'again'> {
    const rs = await readRunState();
    // A lease of ours the state file does not know: the process died right after acquireLease was mined.
    if (!state.lease && rs.liveLeaseId !== 0n) {
      const l = await readLease(rs.liveLeaseId);
      if (l.holder === me && l.status === SubmissionStatus.Leased) {
        if ((await now()) > l.deadline) {
          logger.warn(
            { leaseId: rs.liveLeaseId.toString(), deadline: l.deadline.toString() },
            'our live lease found on chain has lapsed',
          );
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
    const progress = workDone({
      maxLeases: config.maxLeases,
      submitted: state.submitted,
      pending: state.pending.length,
      tipStep: BigInt(rs.tipStep),
      finalizedStep: BigInt(rs.finalizedStep),
      totalSteps,
    });
    if (progress === 'done') return 'done';
    if (progress === 'settling') return 'again';
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
        const bondWei = await chain.read('leaseBondWei', () => chain.coordinator.read.leaseBondWei([runId]));
        const { receipt } = await chain.send(chain.coordinatorCall('acquireLease', [runId], bondWei));
        const { liveLeaseId: leaseId } = await readRunState();
        const l = await readLease(leaseId);
        if (l.holder === me) {
          state.lease = leaseFrom(leaseId, l);
          save();
          logger.info(
            {
              leaseId: leaseId.toString(),
              firstStep: l.firstStep,
              lastStep: l.lastStep,
              deadline: l.deadline.toString(),
              block: receipt.blockNumber.toString(),
            },
            'lease acquired',
          );
        }
        return 'again';
      } catch (err) {
        if (isRevert(err, ACQUIRE_RACE_ERRORS)) return 'again';
        throw err;
      }
    }
    if (config.keeper) {
      const l = await readLease(rs.liveLeaseId);
      if (l.status === SubmissionStatus.Leased && (await now()) > l.deadline)
        await chain.attempt('expired a dead lease (keeper)', chain.coordinatorCall('expireLease', [rs.liveLeaseId]));
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
    logger.info(
      { submitted: state.submitted },
      config.maxLeases > 0 && state.submitted >= config.maxLeases
        ? '--max-leases reached and settled; done'
        : 'the run is complete and settled; done',
    );
  }
}

function leaseFrom(leaseId: bigint, l: LeaseView): HeldLease {
  return { leaseId, firstStep: l.firstStep, lastStep: l.lastStep, parentId: l.parentId, deadline: l.deadline };
}

export type WorkerConfig = ConfigOf<typeof workerOptions>;
