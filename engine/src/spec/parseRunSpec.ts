import { EngineError } from '../errors';
import {
  NUMERICS_VERSION,
  RUN_SPEC_VERSION,
  type Activation,
  type DatasetSpec,
  type Hex,
  type ModelSpec,
  type OptimizerSpec,
  type RunSpec,
} from './runSpec';
import { runResourceNeeds } from './runResourceNeeds';

/** Upper bounds that keep a hostile spec from asking for absurd allocations. */
export const RUN_SPEC_LIMITS = {
  maxWidth: 65_536,
  maxLayers: 64,
  maxBatchSize: 65_536,
  maxTotalSteps: 2 ** 32 - 1,
  maxVocabSize: 65_536,
  maxBlockSize: 8_192,
  maxGptLayers: 64,
  /** Trainable values: with AdamW's two slots the state is 3 × 2^26 floats (768 MiB), inside the decoder's
   *  default 2^28 elements and 1 GiB, so every checkpoint of an accepted spec can be read back. */
  maxParameters: 2 ** 26,
  /** Tokens (GPT: batchSize × blockSize) or input values (MLP: batchSize × input width) in one batch. */
  maxTokensPerBatch: 2 ** 22,
  /** Float32 values one step keeps between forward and backward (runResourceNeeds): 2^30 = 4 GiB, room
   *  for the GPU-sized GPT preset (kjv-gpt-10m: 0.93 × 2^30); a node's --memory-budget-mib decides per machine. */
  maxActivationsPerStep: 2 ** 30,
} as const;

const UINT64_MAX = (1n << 64n) - 1n;

function fail(path: string, expected: string, got: unknown): never {
  let shown: string;
  try {
    shown = JSON.stringify(got) ?? String(got);
  } catch {
    shown = String(got);
  }
  if (got === undefined) shown = 'nothing';
  if (shown.length > 80) shown = `${shown.slice(0, 77)}...`;
  throw new EngineError('INVALID_SPEC', `run spec ${path}: expected ${expected}, got ${shown}`, {
    details: { path, expected },
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string, keys: readonly string[], optional: readonly string[] = []) {
  if (!isPlainObject(value)) fail(path, 'an object', value);
  const at = (key: string) => (path === 'spec' ? key : `${path}.${key}`);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key) && !optional.includes(key)) {
      fail(at(key), `no such field (allowed: ${[...keys, ...optional].join(', ')})`, value[key]);
    }
  }
  for (const key of keys) {
    if (!(key in value)) fail(at(key), 'a value (the field is required)', undefined);
  }
  return value;
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(path, `an integer in [${min}, ${max}]`, value);
  }
  return value === 0 ? 0 : value;
}

/** A float32 hyperparameter: finite, rounded with fround, checked after rounding. */
function float32(value: unknown, path: string, check: (v: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `a finite number (${expected})`, value);
  const v = Math.fround(value);
  if (!Number.isFinite(v) || !check(v)) fail(path, `${expected} after rounding to float32`, value);
  return v === 0 ? 0 : v;
}

function literal<T extends string | number>(value: unknown, path: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) fail(path, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
  return value as T;
}

function parseModel(raw: unknown): ModelSpec {
  if (!isPlainObject(raw)) fail('model', 'an object', raw);
  const kind = literal(raw.kind, 'model.kind', ['mlp', 'gpt'] as const);
  const L = RUN_SPEC_LIMITS;
  if (kind === 'mlp') {
    const m = object(raw, 'model', ['kind', 'layers', 'activation']);
    if (!Array.isArray(m.layers) || m.layers.length < 2 || m.layers.length > L.maxLayers + 1) {
      fail('model.layers', `an array of 2 to ${L.maxLayers + 1} widths`, m.layers);
    }
    const layers = m.layers.map((w, i) => integer(w, `model.layers[${i}]`, 1, L.maxWidth));
    const activation = literal<Activation>(m.activation, 'model.activation', ['relu', 'gelu']);
    return { kind, layers, activation };
  }
  const g = object(raw, 'model', ['kind', 'vocabSize', 'blockSize', 'nLayer', 'nHead', 'nEmbd']);
  const vocabSize = integer(g.vocabSize, 'model.vocabSize', 1, L.maxVocabSize);
  const blockSize = integer(g.blockSize, 'model.blockSize', 1, L.maxBlockSize);
  const nLayer = integer(g.nLayer, 'model.nLayer', 1, L.maxGptLayers);
  const nHead = integer(g.nHead, 'model.nHead', 1, L.maxWidth);
  const nEmbd = integer(g.nEmbd, 'model.nEmbd', 1, L.maxWidth);
  if (nEmbd % nHead !== 0) fail('model.nEmbd', `a multiple of model.nHead (${nHead})`, nEmbd);
  return { kind, vocabSize, blockSize, nLayer, nHead, nEmbd };
}

function parseOptimizer(raw: unknown): OptimizerSpec {
  if (!isPlainObject(raw)) fail('optimizer', 'an object', raw);
  const kind = literal(raw.kind, 'optimizer.kind', ['sgd', 'adamw'] as const);
  const positive = (v: number) => v > 0;
  const nonNegative = (v: number) => v >= 0;
  const unitOpen = (v: number) => v >= 0 && v < 1;
  if (kind === 'sgd') {
    const o = object(raw, 'optimizer', ['kind', 'lr', 'momentum'], ['weightDecay']);
    return {
      kind,
      lr: float32(o.lr, 'optimizer.lr', positive, 'a number > 0'),
      momentum: float32(o.momentum, 'optimizer.momentum', unitOpen, 'a number in [0, 1)'),
      weightDecay:
        o.weightDecay === undefined ? 0 : float32(o.weightDecay, 'optimizer.weightDecay', nonNegative, 'a number >= 0'),
    };
  }
  const o = object(raw, 'optimizer', ['kind', 'lr', 'beta1', 'beta2', 'eps', 'weightDecay']);
  return {
    kind,
    lr: float32(o.lr, 'optimizer.lr', positive, 'a number > 0'),
    beta1: float32(o.beta1, 'optimizer.beta1', unitOpen, 'a number in [0, 1)'),
    beta2: float32(o.beta2, 'optimizer.beta2', unitOpen, 'a number in [0, 1)'),
    eps: float32(o.eps, 'optimizer.eps', positive, 'a number > 0'),
    weightDecay: float32(o.weightDecay, 'optimizer.weightDecay', nonNegative, 'a number >= 0'),
  };
}

function parseDataset(raw: unknown): DatasetSpec {
  const d = object(raw, 'dataset', ['name', 'datasetRoot']);
  if (typeof d.name !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(d.name)) {
    fail('dataset.name', 'a lowercase name of 1-64 characters [a-z0-9._-]', d.name);
  }
  if (typeof d.datasetRoot !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(d.datasetRoot)) {
    fail('dataset.datasetRoot', '0x followed by 64 hex digits', d.datasetRoot);
  }
  return { name: d.name, datasetRoot: d.datasetRoot.toLowerCase() as Hex };
}

function parseSeed(raw: unknown): string {
  if (typeof raw !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(raw) || BigInt(raw) > UINT64_MAX) {
    fail('seed', 'a uint64 as a decimal string without leading zeros, e.g. "42"', raw);
  }
  return raw;
}

/**
 * Validates a run spec (already JSON-parsed) and returns it normalised: hyperparameters rounded to float32,
 * optional fields filled in, the dataset root lowercased. Unknown fields are rejected, because they would be
 * silently dropped from the hash otherwise. Throws EngineError('INVALID_SPEC') naming the field.
 */
export function parseRunSpec(json: unknown): RunSpec {
  const s = object(json, 'spec', [
    'version',
    'numerics',
    'model',
    'optimizer',
    'batchSize',
    'dataset',
    'seed',
    'totalSteps',
  ]);
  literal(s.version, 'version', [RUN_SPEC_VERSION]);
  literal(s.numerics, 'numerics', [NUMERICS_VERSION]);
  const spec: RunSpec = {
    version: RUN_SPEC_VERSION,
    numerics: NUMERICS_VERSION,
    model: parseModel(s.model),
    optimizer: parseOptimizer(s.optimizer),
    batchSize: integer(s.batchSize, 'batchSize', 1, RUN_SPEC_LIMITS.maxBatchSize),
    dataset: parseDataset(s.dataset),
    seed: parseSeed(s.seed),
    totalSteps: integer(s.totalSteps, 'totalSteps', 1, RUN_SPEC_LIMITS.maxTotalSteps),
  };
  checkResourceLimits(spec);
  return spec;
}

/** The spec's size limits, checked from arithmetic on the shapes before anything is allocated. */
function checkResourceLimits(spec: RunSpec): void {
  const needs = runResourceNeeds(spec);
  const L = RUN_SPEC_LIMITS;
  const over = (path: string, what: string, value: number, max: number): void => {
    if (value > max) {
      throw new EngineError(
        'INVALID_SPEC',
        `run spec ${path}: the run needs ${value} ${what}, expected at most ${max} (RUN_SPEC_LIMITS, docs/numerics.md)`,
        {
          details: { path, value, max },
        },
      );
    }
  };
  over('model', 'parameters', needs.parameters, L.maxParameters);
  over('batchSize', 'tokens per batch', needs.tokensPerBatch, L.maxTokensPerBatch);
  over('batchSize', 'activations per step', needs.activationsPerStep, L.maxActivationsPerStep);
}

/** The seed as the bigint the PRNG is keyed with. */
export function specSeed(spec: RunSpec): bigint {
  return BigInt(spec.seed);
}
