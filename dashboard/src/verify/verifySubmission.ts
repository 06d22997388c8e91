import type { Hex } from 'viem';
import { buildStepsTree, float32ToBits } from '@veritrain/protocol';
import type { StepRecord } from '@veritrain/engine';
import type { RunView, SubmissionView } from '../data/types';
import { gatewayReader } from '../model/fetchFromGateway';
import { fetchRunSpec } from '../model/fetchRunSpec';
import { fetchSubmissionManifest, type SubmissionWithCheckpoint } from '../model/fetchSubmissionCheckpoint';
import { ModelError } from '../model/modelError';
import type { ComputedSteps, ComputeSteps } from './computeSteps';
import { computeStepsInWorker } from './computeStepsInWorker';
import { fetchParentCheckpoint } from './fetchParentCheckpoint';
import { fetchRunData } from './fetchRunData';

/** A submission the page can verify: submitted, with its commitments read from the chain. */
export type VerifiableSubmission = SubmissionWithCheckpoint &
  Pick<SubmissionView, 'runId' | 'parentId' | 'firstStep'> & { stepsRoot: Hex; losses: number[] };

export type VerifyStage =
  | { kind: 'spec' }
  | { kind: 'parent'; parentId: number }
  | { kind: 'data'; fetchedBytes: number; totalBytes: number }
  | { kind: 'manifest' }
  | { kind: 'compute'; done: number; of: number };

export type VerifySubmissionParameters = {
  gatewayUrl: string;
  /** Where the training data is served (config: datasetsUrl). */
  datasetsUrl: string;
  run: Pick<RunView, 'runId' | 'specCid' | 'specHash' | 'genesisRoot' | 'genesisCid'>;
  submission: VerifiableSubmission;
  /** The parent submission (its checkpoint is the state the steps start from), or 'genesis' for the run's first lease. */
  parent: SubmissionWithCheckpoint | 'genesis';
  /** Where the steps are re-executed; default a Web Worker on the wasm backend (computeStepsInWorker). */
  computeSteps?: ComputeSteps;
  timeoutMs?: number;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  onStage?: (stage: VerifyStage) => void;
};

/** One step: what the page computed beside what the submission committed. */
export type StepCheck = {
  step: number;
  computed: { stateRoot: Hex; lossBits: number };
  /**
   * The submission's commitment for the step: the stateRoot of the worker's record (proved against the on-chain
   * stepsRoot) or, for the last step, the on-chain finalRoot; undefined where neither is available. The loss
   * bits of the proved record, else of the chain's Submitted event.
   */
  committed: { stateRoot?: Hex; lossBits: number };
  /** undefined: the step's stateRoot was not published, so only its loss could be compared. */
  rootMatches?: boolean;
  lossMatches: boolean;
};

export type SubmissionVerification = {
  submissionId: number;
  firstStep: number;
  lastStep: number;
  /** The state the steps started from (0 = genesis), checked against the chain. */
  parent: { submissionId: number; stateRoot: Hex };
  datasetRoot: Hex;
  steps: StepCheck[];
  /** The first step whose computed record differs from the commitment (the one a fraud-proofer disputes). */
  firstWrongStep?: number;
  /** The stepsRoot of the computed records (buildStepsTree) beside the on-chain one. */
  stepsRoot: { committed: Hex; computed: Hex };
  /** Whether the worker's published step records proved against the on-chain stepsRoot. */
  recordsProven: boolean;
} & Pick<ComputedSteps, 'engine' | 'thread' | 'computeMs'>;

const treeOf = (runId: number, records: readonly { step: number; stateRoot: Hex; lossBits: number }[]) =>
  buildStepsTree(
    BigInt(runId),
    records.map((r) => ({ step: BigInt(r.step), stateRoot: r.stateRoot, lossBits: r.lossBits })),
  );

/**
 * Re-executes a submission's steps in the page, from its parent state, on the run's training data, and compares
 * every step with what the submission committed: what a fraud-proofer does (fraud-proofer/src/findFraud.ts),
 * with the same checks. The spec must hash to the run's specHash, the parent checkpoint's stateRoot must be the
 * parent's finalRoot (or the genesisRoot), the data must have the spec's datasetRoot, and the worker's step
 * records count only if they hash to the on-chain stepsRoot (buildStepsTree). A wrong step is a result
 * (`firstWrongStep`), not an error; errors are what kept the page from checking (ModelError).
 */
export async function verifySubmission(p: VerifySubmissionParameters): Promise<SubmissionVerification> {
  const { run, submission: sub } = p;
  const read = gatewayReader(p);
  p.onStage?.({ kind: 'spec' });
  const spec = await fetchRunSpec(read, run);
  const k = sub.lastStep - sub.firstStep + 1;
  if (sub.losses.length !== k)
    throw new ModelError('BAD_CONTENT', `submission ${sub.id} committed ${sub.losses.length} losses for ${k} steps`);

  p.onStage?.({ kind: 'parent', parentId: p.parent === 'genesis' ? 0 : p.parent.id });
  const parent = await fetchParentCheckpoint(read, run, spec, p.parent);
  const data = await fetchRunData({
    spec,
    datasetsUrl: p.datasetsUrl,
    onProgress: (fetchedBytes, totalBytes) => p.onStage?.({ kind: 'data', fetchedBytes, totalBytes }),
    ...(p.timeoutMs !== undefined ? { timeoutMs: p.timeoutMs } : {}),
    ...(p.signal ? { signal: p.signal } : {}),
    ...(p.fetchImpl ? { fetchImpl: p.fetchImpl } : {}),
  });
  p.onStage?.({ kind: 'manifest' });
  // The worker's records, if published and proved against stepsRoot; a withheld or forged manifest only means
  // that the per-step roots cannot be compared (the losses and the final root still can).
  const manifest = await fetchSubmissionManifest(read, sub).catch(() => undefined);
  const published = manifest?.records && manifest.firstStep === sub.firstStep ? manifest.records : undefined;
  const recordsProven = published !== undefined && treeOf(sub.runId, published).root === sub.stepsRoot;

  p.onStage?.({ kind: 'compute', done: 0, of: k });
  let done = 0;
  const computed = await (p.computeSteps ?? computeStepsInWorker)(
    { spec, parent: parent.bytes, data, steps: k },
    { onStep: () => p.onStage?.({ kind: 'compute', done: ++done, of: k }), ...(p.signal ? { signal: p.signal } : {}) },
  );
  const computedRoot = treeOf(sub.runId, computed.records).root;
  const steps = computed.records.map((r: StepRecord, i): StepCheck => {
    const last = i === k - 1;
    const proven = recordsProven ? published![i]! : undefined;
    const committedRoot =
      proven?.stateRoot ??
      (last ? (sub.finalRoot.toLowerCase() as Hex) : computedRoot === sub.stepsRoot ? r.stateRoot : undefined);
    const committedLoss = proven?.lossBits ?? float32ToBits(sub.losses[i]!);
    return {
      step: r.step,
      computed: { stateRoot: r.stateRoot, lossBits: r.lossBits },
      committed: { ...(committedRoot ? { stateRoot: committedRoot } : {}), lossBits: committedLoss },
      ...(committedRoot ? { rootMatches: committedRoot === r.stateRoot } : {}),
      lossMatches: committedLoss === r.lossBits,
    };
  });
  const wrong = steps.find((s) => s.rootMatches === false || !s.lossMatches);
  return {
    submissionId: sub.id,
    firstStep: sub.firstStep,
    lastStep: sub.lastStep,
    parent: { submissionId: parent.submissionId, stateRoot: parent.stateRoot },
    datasetRoot: spec.dataset.datasetRoot,
    steps,
    ...(wrong ? { firstWrongStep: wrong.step } : {}),
    stepsRoot: { committed: sub.stepsRoot, computed: computedRoot },
    recordsProven,
    engine: computed.engine,
    thread: computed.thread,
    computeMs: computed.computeMs,
  };
}
