// Test fixtures: a run, its submission and the files a gateway serves for them, around a real encoded checkpoint.
// No dataset access here (trainedFixture.ts trains on the real data), so component tests under happy-dom can
// import it. Not bundled: only tests import this folder.
import {
  canonicalRunSpec,
  createGenesis,
  encodeCheckpoint,
  parseRunSpec,
  specHash,
  stateRoot,
  type RunSpec,
} from '@veritrain/engine';
import type { Hex } from 'viem';
import { encodeSubmissionManifest } from '@veritrain/protocol';
import type { RunView, SubmissionView } from '../../data/types';
import type { CheckpointChoice } from '../pickCheckpoint';

const MNIST_ROOT = '0xab61724209fbbef4dc42ed689cc72bf004887b98fb07aec75c3e40330e157bc9';

/** engine/test/golden/steps.json's mlp-relu-sgd and mlp-gelu-adamw runs. */
export const MLP_RELU_SPEC = parseRunSpec({
  version: 1,
  numerics: 'VT-F32/1',
  model: { kind: 'mlp', layers: [784, 32, 10], activation: 'relu' },
  optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0.0001 },
  batchSize: 16,
  dataset: { name: 'mnist', datasetRoot: MNIST_ROOT },
  seed: '1',
  totalSteps: 1000,
});
export const MLP_GELU_SPEC = parseRunSpec({
  version: 1,
  numerics: 'VT-F32/1',
  model: { kind: 'mlp', layers: [784, 24, 16, 10], activation: 'gelu' },
  optimizer: { kind: 'adamw', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 },
  batchSize: 16,
  dataset: { name: 'mnist', datasetRoot: MNIST_ROOT },
  seed: '18446744073709551615',
  totalSteps: 1000,
});
/** A tiny char-level gpt on the kjv vocabulary (golden case gpt-sgd). */
export const GPT_SPEC = parseRunSpec({
  version: 1,
  numerics: 'VT-F32/1',
  model: { kind: 'gpt', vocabSize: 73, blockSize: 8, nLayer: 1, nHead: 4, nEmbd: 16 },
  optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0 },
  batchSize: 4,
  dataset: { name: 'kjv', datasetRoot: '0x41eb29b4fd6f242da103b263c0c3ebf6a6ae02b90b864e491b64624841a2c5a7' },
  seed: '123456789',
  totalSteps: 1000,
});

export type RunFixture = {
  spec: RunSpec;
  run: RunView;
  choice: CheckpointChoice;
  submission: SubmissionView;
  checkpoint: Uint8Array;
  checkpointCid: string;
  /** CID → bytes, what the scripted gateway serves. */
  files: Map<string, Uint8Array>;
};

/** A worker's submission manifest as it publishes it (@veritrain/protocol's encodeSubmissionManifest). */
export function manifestBytes(m: {
  leaseId: number;
  firstStep: number;
  lastStep: number;
  checkpointCid: string;
  records: readonly { step: number; stateRoot: Hex; lossBits: number }[];
}): Uint8Array {
  const { leaseId, firstStep, lastStep, checkpointCid, records } = m;
  return encodeSubmissionManifest({
    version: 1,
    runId: 1n,
    leaseId: BigInt(leaseId),
    firstStep,
    lastStep,
    checkpointCid,
    records: [...records],
  });
}

/** The run of `spec` as the chain shows it, with a real genesisRoot; the spec is at `specCid`. */
export function fixtureRun(spec: RunSpec, specCid: string, steps: number): RunView {
  return {
    runId: 1,
    creator: '0x0000000000000000000000000000000000000001',
    specHash: specHash(spec),
    specCid,
    genesisRoot: stateRoot(encodeCheckpoint(createGenesis(spec))),
    genesisCid: 'bafkreigenesis0000',
    stepsPerLease: steps,
    leaseDurationS: 60,
    challengeWindowS: 30,
    totalSteps: spec.totalSteps,
    workerBondWei: 1n,
    challengerBondWei: 1n,
    rewardPerStep: 1n,
    tipStep: steps,
    tipId: 3,
    finalizedStep: steps,
    liveLeaseId: 0,
  };
}

/**
 * The run of `spec` and the final submission that published `checkpoint` (at step `steps`): the spec, the worker's
 * manifest and the checkpoint under made-up CIDs (the page does not recompute CIDs; the gateway does).
 */
export function fixtureFromCheckpoint(spec: RunSpec, checkpoint: Uint8Array, steps: number): RunFixture {
  const specCid = `bafkreispec${spec.model.kind}${steps}`;
  const manifestCid = `bafkreimanifest${spec.model.kind}${steps}`;
  const checkpointCid = `bafybeicheckpoint${spec.model.kind}${steps}`;
  const run = fixtureRun(spec, specCid, steps);
  const submission: SubmissionView = {
    id: 3,
    runId: 1,
    holder: '0x0000000000000000000000000000000000000002',
    parentId: 0,
    firstStep: 1,
    lastStep: steps,
    bondWei: 1n,
    status: 'final',
    leaseDeadlineS: 0,
    finalRoot: stateRoot(checkpoint),
    checkpointCid: manifestCid,
  };
  const files = new Map<string, Uint8Array>([
    [specCid, new TextEncoder().encode(canonicalRunSpec(spec))],
    [manifestCid, manifestBytes({ leaseId: 3, firstStep: 1, lastStep: steps, checkpointCid, records: [] })],
    [checkpointCid, checkpoint],
  ]);
  return {
    spec,
    run,
    submission,
    choice: { submission: submission as CheckpointChoice['submission'], final: true },
    checkpoint,
    checkpointCid,
    files,
  };
}

export type ScriptedGateway = { fetchImpl: typeof fetch; requests: string[] };

/**
 * A gateway as the page sees it over fetch: `files` by CID, 404 for anything else; `hang` CIDs never answer
 * (until the caller's signal aborts), like IPFS content nobody reachable holds.
 */
export function scriptedGateway(
  files: Map<string, Uint8Array>,
  options: { hang?: string[]; down?: boolean } = {},
): ScriptedGateway {
  const requests: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push(url);
    if (options.down) throw new TypeError('Failed to fetch');
    const cid = decodeURIComponent(url.split('/ipfs/')[1] ?? '');
    if (options.hang?.includes(cid)) {
      return new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        signal?.addEventListener('abort', () => reject(signal.reason));
      });
    }
    const bytes = files.get(cid);
    if (!bytes) return new Response(`NOT_FOUND: no ${cid}\n`, { status: 404 });
    return new Response(bytes.slice(), { status: 200, headers: { 'content-length': String(bytes.length) } });
  }) as typeof fetch;
  return { fetchImpl, requests };
}

/** The genesis state of `spec` relabelled as step `step`: a valid checkpoint of the run without any data. */
export function genesisAt(spec: RunSpec, step: number): Uint8Array {
  return encodeCheckpoint({ ...createGenesis(spec), step });
}

/**
 * An MLP 784-10-10 checkpoint that recognises the given images by template matching: unit c of the hidden layer
 * is image c scaled to unit length, the output layer is the identity. By Cauchy–Schwarz each image scores highest
 * on its own template, so the expected class is known without training.
 */
export function templateMlp(images: readonly Uint8Array[], step: number): { spec: RunSpec; checkpoint: Uint8Array } {
  const spec = parseRunSpec({
    ...JSON.parse(canonicalRunSpec(MLP_RELU_SPEC)),
    model: { kind: 'mlp', layers: [784, 10, 10], activation: 'relu' },
  });
  const genesis = createGenesis(spec);
  const w0 = new Float32Array(784 * 10);
  images.forEach((img, c) => {
    const norm = Math.hypot(...Array.from(img, (p) => p / 255));
    for (let i = 0; i < 784; i++) w0[i * 10 + c] = img[i]! / 255 / norm;
  });
  const w1 = new Float32Array(100);
  for (let c = 0; c < 10; c++) w1[c * 10 + c] = 1;
  const tensors = genesis.tensors.map((t) =>
    t.name === 'layers.0.weight' ? { ...t, data: w0 } : t.name === 'layers.1.weight' ? { ...t, data: w1 } : t,
  );
  return { spec, checkpoint: encodeCheckpoint({ ...genesis, step, tensors }) };
}
