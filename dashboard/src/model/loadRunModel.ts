import type { Hex } from 'viem';
import {
  createModel,
  decodeCheckpoint,
  specHash,
  stateFromCheckpoint,
  type Model,
  type RunSpec,
} from '@veritrain/engine';
import type { RunView } from '../data/types';
import { CHAR_VOCABS } from './charVocab';
import { gatewayReader } from './fetchFromGateway';
import { fetchRunSpec } from './fetchRunSpec';
import { checkpointBytesAt, fetchSubmissionCheckpoint } from './fetchSubmissionCheckpoint';
import { ModelError } from './modelError';
import type { CheckpointChoice } from './pickCheckpoint';

/** A checkpoint fetched, verified against the chain and ready to run. */
export type LoadedModel = {
  runId: number;
  spec: RunSpec;
  specHash: Hex;
  submissionId: number;
  /** Whether the chain had finalized the submission when it was loaded. */
  final: boolean;
  step: number;
  /** Equal to the submission's on-chain finalRoot (checked). */
  stateRoot: Hex;
  manifestCid: string;
  checkpointCid: string;
  checkpointBytes: number;
  model: Model;
  /** Parameters in the model's canonical order (model.paramSpecs). */
  params: Float32Array[];
  /** gpt runs: the characters of token ids 0…V−1. */
  vocab?: string;
};

export type LoadStage = 'spec' | 'manifest' | 'checkpoint' | 'verify';

export type LoadRunModelParameters = {
  gatewayUrl: string;
  run: Pick<RunView, 'runId' | 'specCid' | 'specHash'>;
  choice: CheckpointChoice;
  signal?: AbortSignal;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  onStage?: (stage: LoadStage) => void;
};

/**
 * Fetches the run spec, the submission manifest and the checkpoint through the gateway, and checks each against
 * the chain: keccak256 of the spec bytes = the run's specHash; the checkpoint's stateRoot = the submission's
 * finalRoot (docs/numerics.md §III.4), before decoding a byte of it; then the decoder's own checks and the
 * spec's tensor layout. Any mismatch is a ModelError('BAD_CONTENT') naming the CID.
 */
export async function loadRunModel(p: LoadRunModelParameters): Promise<LoadedModel> {
  const { run, choice } = p;
  const sub = choice.submission;
  const read = gatewayReader(p);

  p.onStage?.('spec');
  const spec = await fetchRunSpec(read, run);
  let vocab: string | undefined;
  if (spec.model.kind === 'gpt') {
    vocab = CHAR_VOCABS[spec.dataset.datasetRoot]?.vocab;
    if (vocab === undefined || vocab.length !== spec.model.vocabSize) {
      throw new ModelError(
        'UNSUPPORTED',
        `run ${run.runId} trains on dataset ${spec.dataset.name} (${spec.dataset.datasetRoot}), whose characters this page does not know`,
      );
    }
  }

  const { manifest, bytes, stateRoot: root } = await fetchSubmissionCheckpoint(read, sub, spec, p.onStage);
  const model = createModel(spec.model);
  let params: Float32Array[];
  let step: number;
  try {
    const hash = specHash(spec);
    const state = stateFromCheckpoint(
      spec,
      hash,
      model,
      decodeCheckpoint(bytes, { maxBytes: checkpointBytesAt(spec, sub.lastStep) }),
    );
    params = state.params.map((t) => t.data);
    step = state.step;
  } catch (cause) {
    throw new ModelError(
      'BAD_CONTENT',
      `the checkpoint ${manifest.checkpointCid} does not decode for run ${run.runId}: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (step !== sub.lastStep) {
    throw new ModelError(
      'BAD_CONTENT',
      `the checkpoint ${manifest.checkpointCid} is at step ${step}, expected submission ${sub.id}'s last step ${sub.lastStep}`,
    );
  }
  return {
    runId: run.runId,
    spec,
    specHash: run.specHash,
    submissionId: sub.id,
    final: choice.final,
    step,
    stateRoot: root,
    manifestCid: sub.checkpointCid,
    checkpointCid: manifest.checkpointCid,
    checkpointBytes: bytes.length,
    model,
    params,
    ...(vocab !== undefined ? { vocab } : {}),
  };
}
