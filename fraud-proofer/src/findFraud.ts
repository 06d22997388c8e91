import { keccak256, zeroHash, type Hex } from 'viem';
import {
  manifestMaxBytes,
  parseSubmissionManifest,
  readLease,
  recomputeSubmission,
  submittedEvent,
  type ContentStore,
  type LoadedRun,
  type NodeContext,
  type SubmissionManifest,
  type SubmittedEvent,
} from '@veritrain/node-core';
import { buildStepsTree, type StepsTree } from '@veritrain/protocol';
import type { fraudProoferOptions } from './options';

type Ctx = NodeContext<typeof fraudProoferOptions>;

/** `ICoordinator.DisputeClaim`. */
export type DisputeClaim = {
  step: bigint;
  prev: { stateRoot: Hex; lossBits: number };
  prevProof: Hex[];
  record: { stateRoot: Hex; lossBits: number };
  proof: Hex[];
  claimedRoot: Hex;
  claimedLossBits: number;
};

export type FraudFinding =
  | { verdict: 'honest' }
  | { verdict: 'fraud'; step: number; claim: DisputeClaim; reason: string };

/**
 * The manifest of a submission if it can be fetched within the size its k steps allow, parses, and its records
 * hash to the on-chain stepsRoot. Anything else (withheld, a CID naming a gigabyte or a "diamond" DAG, malformed)
 * is the worker's fault: undefined, and the lease is disputed as a whole.
 */
async function provenManifest(
  store: ContentStore,
  runId: bigint,
  sub: SubmittedEvent,
  stepsRoot: Hex,
  signal: AbortSignal,
): Promise<{ manifest: SubmissionManifest; tree: StepsTree } | { unavailable: string }> {
  try {
    const maxBytes = manifestMaxBytes(Number(sub.lastStep - sub.firstStep) + 1);
    const manifest = parseSubmissionManifest(
      await store.get(sub.checkpointCid, { signal, maxBytes }),
      `manifest of submission ${sub.submissionId}`,
    );
    if (BigInt(manifest.firstStep) !== sub.firstStep || BigInt(manifest.lastStep) !== sub.lastStep)
      return { unavailable: 'its step range differs from the submission' };
    const tree = buildStepsTree(
      runId,
      manifest.records.map((r) => ({ step: BigInt(r.step), stateRoot: r.stateRoot, lossBits: r.lossBits })),
    );
    return tree.root === stepsRoot ? { manifest, tree } : { unavailable: 'its records do not hash to stepsRoot' };
  } catch (err) {
    if (signal.aborted) throw err;
    return { unavailable: (err as Error).message };
  }
}

const wholeLease = (claimedRoot: Hex, reason: string): FraudFinding => ({
  verdict: 'fraud',
  step: 0,
  reason,
  claim: {
    step: 0n,
    prev: { stateRoot: zeroHash, lossBits: 0 },
    prevProof: [],
    record: { stateRoot: zeroHash, lossBits: 0 },
    proof: [],
    claimedRoot,
    claimedLossBits: 0,
  },
});

/** ADVERSARIAL (tests and demo): a whole-lease dispute claiming a root the worker did not commit. */
export function falseAccusation(finalRoot: Hex): FraudFinding {
  return wholeLease(keccak256(finalRoot), 'ADVERSARIAL: a false accusation');
}

/**
 * Re-executes a submission from its verified parent state and compares. A wrong step is a finding, not an
 * exception: with the worker's manifest (proved against stepsRoot) the first wrong step j is disputed with
 * the records of j−1 and j and their proofs; without it (withheld, malformed, not matching) the lease is
 * disputed as a whole.
 */
export async function findFraud(
  ctx: Ctx,
  store: ContentStore,
  run: LoadedRun,
  sub: SubmittedEvent,
  stepsRoot: Hex,
): Promise<FraudFinding> {
  const runId = run.runId;
  const first = Number(sub.firstStep);
  const last = Number(sub.lastStep);
  const ours = await recomputeSubmission(ctx, store, run, sub, {
    logLabel: { verifying: sub.submissionId.toString() },
  });
  const { records, finalRoot } = ours;
  if (ours.stepsRoot === stepsRoot && finalRoot === sub.finalRoot) return { verdict: 'honest' };

  const proven = await provenManifest(store, runId, sub, stepsRoot, ctx.signal);
  if ('unavailable' in proven) {
    return wholeLease(
      finalRoot,
      `stepsRoot or finalRoot differs and the worker’s step records are unusable (${proven.unavailable})`,
    );
  }
  const { manifest, tree } = proven;
  const j = records.findIndex(
    (r, i) => r.stateRoot !== manifest.records[i]!.stateRoot || r.lossBits !== manifest.records[i]!.lossBits,
  );
  if (j < 0)
    return wholeLease(
      finalRoot,
      `every step record is right but finalRoot ${sub.finalRoot} is not the state after step ${last}`,
    );
  const step = first + j;

  let prev: DisputeClaim['prev'];
  let prevProof: Hex[];
  if (j > 0) {
    const r = manifest.records[j - 1]!;
    prev = { stateRoot: r.stateRoot, lossBits: r.lossBits };
    prevProof = tree.proof(BigInt(step - 1));
  } else if (sub.parentId === 0n) {
    prev = { stateRoot: run.config.genesisRoot, lossBits: 0 };
    prevProof = [];
  } else {
    // The lease's first step: the parent's last record, proved against the parent's stepsRoot.
    const parentSub = await submittedEvent(ctx, runId, sub.parentId);
    const parentLease = await readLease(
      { clients: ctx.clients, coordinator: ctx.contracts.coordinator, retry: ctx.retry },
      sub.parentId,
    );
    const pm = await provenManifest(store, runId, parentSub, parentLease.stepsRoot, ctx.signal);
    if ('unavailable' in pm)
      return wholeLease(
        finalRoot,
        `step ${step} is wrong but the parent’s records are unusable for the proof (${pm.unavailable})`,
      );
    const r = pm.manifest.records.at(-1)!;
    prev = { stateRoot: r.stateRoot, lossBits: r.lossBits };
    prevProof = pm.tree.proof(BigInt(step - 1));
  }
  const worker = manifest.records[j]!;
  const mine = records[j]!;
  return {
    verdict: 'fraud',
    step,
    reason: `step ${step}: committed stateRoot ${worker.stateRoot} lossBits ${worker.lossBits}, recomputed ${mine.stateRoot} ${mine.lossBits}`,
    claim: {
      step: BigInt(step),
      prev,
      prevProof,
      record: { stateRoot: worker.stateRoot, lossBits: worker.lossBits },
      proof: tree.proof(BigInt(step)),
      claimedRoot: mine.stateRoot,
      claimedLossBits: mine.lossBits,
    },
  };
}
