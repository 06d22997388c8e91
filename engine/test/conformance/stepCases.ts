// Node-only test support: the step-conformance cases and how to run them. The committed
// test/golden/steps.json holds each case's full spec and roots; regenerate with `npm run golden:steps -w engine`.
import type { Backend, TensorLike } from '../../src/backend/backend';
import { refBackend } from '../../src/backend/ref/index';
import { createGenesis } from '../../src/train/createGenesis';
import { runSteps } from '../../src/train/runSteps';
import { encodeCheckpoint } from '../../src/checkpoint/encode';
import { stateRoot } from '../../src/checkpoint/stateRoot';
import { parseRunSpec } from '../../src/spec/parseRunSpec';
import type { Hex, RunSpec } from '../../src/spec/runSpec';
import { specHash } from '../../src/spec/specHash';
import { loadRunData } from '../../src/train/loadRunData';
import type { RunData } from '../../src/train/runData';
import { DATASET_LOADERS } from '../../src/train/loadRunData';

/** Steps whose records are pinned. */
export const GOLDEN_STEPS = [1, 10, 100] as const;

export type GoldenCase = {
  name: string;
  spec: RunSpec;
  specHash: Hex;
  genesisRoot: Hex;
  /** step → stateRoot after that step */
  stateRoots: Record<string, Hex>;
  /** step → float32 bits of that step's training loss */
  lossBits: Record<string, number>;
};

export type GoldenFile = { description: string; cases: GoldenCase[] };

/** Case definitions, without the dataset root (read from the dataset's manifest at generation time). */
const CASES: { name: string; dataset: 'mnist' | 'kjv'; spec: Omit<RunSpec, 'dataset' | 'version' | 'numerics'> }[] = [
  {
    name: 'mlp-relu-sgd',
    dataset: 'mnist',
    spec: {
      model: { kind: 'mlp', layers: [784, 32, 10], activation: 'relu' },
      optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0.0001 },
      batchSize: 16,
      seed: '1',
      totalSteps: 1000,
    },
  },
  {
    name: 'mlp-gelu-adamw',
    dataset: 'mnist',
    spec: {
      model: { kind: 'mlp', layers: [784, 24, 16, 10], activation: 'gelu' },
      optimizer: { kind: 'adamw', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 },
      batchSize: 16,
      seed: '18446744073709551615',
      totalSteps: 1000,
    },
  },
  {
    name: 'gpt-adamw',
    dataset: 'kjv',
    spec: {
      model: { kind: 'gpt', vocabSize: 73, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16 },
      optimizer: { kind: 'adamw', lr: 0.003, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 },
      batchSize: 4,
      seed: '7',
      totalSteps: 1000,
    },
  },
  {
    name: 'gpt-sgd',
    dataset: 'kjv',
    spec: {
      model: { kind: 'gpt', vocabSize: 73, blockSize: 8, nLayer: 1, nHead: 4, nEmbd: 16 },
      optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0 },
      batchSize: 4,
      seed: '123456789',
      totalSteps: 1000,
    },
  },
];

/** The case specs with the current datasets' roots filled in. */
export function currentCaseSpecs(): { name: string; spec: RunSpec }[] {
  const roots = new Map<string, Hex>();
  return CASES.map((c) => {
    if (!roots.has(c.dataset)) roots.set(c.dataset, DATASET_LOADERS[c.dataset]!({}).datasetRoot);
    return {
      name: c.name,
      spec: parseRunSpec({
        version: 1,
        numerics: 'VT-F32/1',
        ...c.spec,
        dataset: { name: c.dataset, datasetRoot: roots.get(c.dataset)! },
      }),
    };
  });
}

const dataCache = new Map<string, RunData>();

/** Runs a case from genesis to its last golden step on `backend` and collects the pinned records. */
export function runCase(
  name: string,
  specInput: RunSpec,
  hashRoot: (bytes: Uint8Array) => Hex = stateRoot,
  backend: Backend<TensorLike> = refBackend,
): GoldenCase {
  const spec = parseRunSpec(specInput);
  const key = `${spec.dataset.name}|${spec.dataset.datasetRoot}`;
  let data = dataCache.get(key);
  if (data === undefined) {
    data = loadRunData(spec);
    dataCache.set(key, data);
  }
  const genesis = encodeCheckpoint(createGenesis(spec));
  const stateRoots: Record<string, Hex> = {};
  const lossBits: Record<string, number> = {};
  const pinned = new Set<number>(GOLDEN_STEPS);
  runSteps({
    spec,
    checkpoint: genesis,
    steps: Math.max(...GOLDEN_STEPS),
    data,
    backend,
    stateRoot: hashRoot,
    onStep(r) {
      if (pinned.has(r.step)) {
        stateRoots[r.step] = r.stateRoot;
        lossBits[r.step] = r.lossBits;
      }
    },
  });
  return { name, spec, specHash: specHash(spec), genesisRoot: hashRoot(genesis), stateRoots, lossBits };
}
