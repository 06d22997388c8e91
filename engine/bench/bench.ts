/**
 * `npm run bench -w engine [-- --json] [-- --steps N]`
 *
 * One MLP training step (784-128-10, ReLU, batch 64, SGD with momentum: forward, backward, update) on the
 * same real MNIST batch and the same initial weights, timed on:
 *   ref         the VT-F32 ref backend through the engine's own MLP and SGD (exact, plain TypeScript)
 *   ref-runSteps  the whole engine step a worker runs (batch schedule, step, finiteness checks,
 *               checkpoint encoding and stateRoot with node:crypto), on the run's own batches; not in ratios
 *   tfjs-cpu    @tensorflow/tfjs, cpu backend (not exact: outside consensus, a speed baseline)
 *   tfjs-wasm   @tensorflow/tfjs-backend-wasm, SIMD, single-threaded (the baseline of the ratios)
 * and, for scale, one step of the char GPT of the learning test on ref alone (no tfjs twin of it here),
 * plus SHA-256 throughput (node:crypto, @noble/hashes, and the checkpoint stateRoot on both).
 * Warm-up steps first; then the three MLP steps are timed in interleaved rounds (so load from other
 * processes falls on all alike) and the median per backend is reported. Progress goes to stderr, results to stdout.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { loadMnist } from '@veritrain/datasets';
import { refBackend } from '../src/backend/index';
import { testFloats, testInts } from '../src/backend/testing/inputs';
import { stateRoot } from '../src/checkpoint/stateRoot';
import { stateRootNode } from '../src/checkpoint/stateRoot.node.js';
import { createGpt } from '../src/models/gpt';
import { initParams } from '../src/models/initParams';
import { createMlp } from '../src/models/mlp';
import { applyOptimizer } from '../src/optim/applyOptimizer';
import { initOptimizerState } from '../src/optim/optimizerState';
import { sgdUpdate } from '../src/optim/sgd';
import { parseRunSpec } from '../src/spec/parseRunSpec';
import { createGenesis } from '../src/train/createGenesis';
import { DATASET_LOADERS, loadRunData } from '../src/train/loadRunData';
import { runSteps } from '../src/train/runSteps';

const LAYERS = [784, 128, 10] as const;
const BATCH = 64;
const SGD = { kind: 'sgd', lr: 0.05, momentum: 0.9, weightDecay: 0 } as const;

type Options = { json: boolean; steps: number; warmup: number };

function parseArgs(argv: string[]): Options {
  const options: Options = { json: false, steps: 30, warmup: 10 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--steps' || arg === '--warmup') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} expects a positive integer, got ${argv[i]}`);
      options[arg === '--steps' ? 'steps' : 'warmup'] = value;
    } else {
      throw new Error(`unknown flag ${arg}; expected --json, --steps N, --warmup N`);
    }
  }
  return options;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type Timing = { medianMs: number; firstLoss: number; lastLoss: number };

/** A backend under comparison: `activate` makes it current (tfjs has one global backend). */
type Contender = { name: string; activate: () => Promise<void>; step: () => number };

/**
 * Warms every contender up, then times them in interleaved rounds (a block of steps each, in turn), so
 * that load from other processes on a shared machine falls on all of them alike; medians per contender.
 */
async function timeInterleaved(contenders: Contender[], options: Options, rounds = 6): Promise<Record<string, Timing>> {
  const firstLoss = new Map<string, number>();
  const lastLoss = new Map<string, number>();
  const times = new Map<string, number[]>();
  for (const c of contenders) {
    log(`warming up ${c.name} …`);
    await c.activate();
    firstLoss.set(c.name, c.step());
    for (let i = 1; i < options.warmup; i++) c.step();
    times.set(c.name, []);
  }
  const perRound = Math.ceil(options.steps / rounds);
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      await c.activate();
      for (let i = 0; i < perRound; i++) {
        const t0 = performance.now();
        lastLoss.set(c.name, c.step());
        times.get(c.name)!.push(performance.now() - t0);
      }
    }
  }
  return Object.fromEntries(
    contenders.map((c) => [c.name, { medianMs: median(times.get(c.name)!), firstLoss: firstLoss.get(c.name)!, lastLoss: lastLoss.get(c.name)! }]),
  );
}

/** Runs `step` warmup times, then `steps` timed times; returns per-step milliseconds and the first loss. */
function timeSteps(step: () => number, options: Options): Timing {
  const firstLoss = step();
  for (let i = 1; i < options.warmup; i++) step();
  const times: number[] = [];
  let lastLoss = firstLoss;
  for (let i = 0; i < options.steps; i++) {
    const t0 = performance.now();
    lastLoss = step();
    times.push(performance.now() - t0);
  }
  return { medianMs: median(times), firstLoss, lastLoss };
}

/** The first BATCH training images as pixel ⊘ 255 (binary32), with their labels. */
function loadBatch(): { inputs: Float32Array; targets: Int32Array } {
  const mnist = loadMnist();
  const inputs = new Float32Array(BATCH * 784);
  for (let i = 0; i < inputs.length; i++) inputs[i] = mnist.train.images[i]! / 255;
  return { inputs, targets: Int32Array.from(mnist.train.labels.subarray(0, BATCH)) };
}

/** Identical starting weights for every backend: He-uniform from the test generator, zero biases. */
function initialParams(): Float32Array[] {
  const params: Float32Array[] = [];
  for (let i = 0; i + 1 < LAYERS.length; i++) {
    const bound = Math.sqrt(6 / LAYERS[i]!);
    params.push(testFloats(LAYERS[i]! * LAYERS[i + 1]!, 100 + i, -bound, bound), new Float32Array(LAYERS[i + 1]!));
  }
  return params;
}

function refStep(batch: { inputs: Float32Array; targets: Int32Array }): () => number {
  const model = createMlp({ kind: 'mlp', layers: [...LAYERS], activation: 'relu' });
  const params = initialParams();
  const velocity = params.map((p) => new Float32Array(p.length));
  const modelBatch = { kind: 'classification', rows: BATCH, inputs: batch.inputs, targets: batch.targets } as const;
  return () => {
    const { loss, grads } = model.lossAndGrads(refBackend, params, modelBatch);
    for (let i = 0; i < params.length; i++) sgdUpdate(refBackend, SGD, params[i]!, grads[i]!, velocity[i]!);
    return loss;
  };
}

/** Milliseconds per step of the engine's runSteps on an MNIST run with the same model and optimizer. */
function engineStepMs(options: Options): number {
  const spec = mnistSpec(DATASET_LOADERS.mnist!({}).datasetRoot, options.warmup + options.steps);
  const data = loadRunData(spec);
  const warm = runSteps({ spec, checkpoint: createGenesis(spec), steps: options.warmup, data, stateRoot: stateRootNode });
  const t0 = performance.now();
  runSteps({ spec, checkpoint: warm.checkpoint, steps: options.steps, data, stateRoot: stateRootNode });
  return (performance.now() - t0) / options.steps;
}

function mnistSpec(datasetRoot: string, totalSteps: number) {
  return parseRunSpec({
    version: 1,
    numerics: 'VT-F32/1',
    model: { kind: 'mlp', layers: [...LAYERS], activation: 'relu' },
    optimizer: { ...SGD },
    batchSize: BATCH,
    dataset: { name: 'mnist', datasetRoot },
    seed: '1',
    totalSteps,
  });
}

/** The learning test's char GPT (vocab 73, T 32, 2 layers, 4 heads, C 32, batch 8, AdamW) on ref. */
function gptStep(): () => number {
  const model = createGpt({ kind: 'gpt', vocabSize: 73, blockSize: 32, nLayer: 2, nHead: 4, nEmbd: 32 });
  const params = initParams(model.paramSpecs, 2024n);
  const adamw = { kind: 'adamw', lr: 0.003, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.01 } as const;
  const state = new Map(initOptimizerState(adamw, model.paramSpecs).map((t) => [t.name, t.data]));
  const batch = { kind: 'sequence', sequences: 8, tokens: testInts(256, 5, 73), targets: testInts(256, 6, 73) } as const;
  return () => {
    const { loss, grads } = model.lossAndGrads(
      refBackend,
      params.map((p) => p.data),
      batch,
    );
    applyOptimizer(refBackend, adamw, params, grads, state);
    return loss;
  };
}

type Tf = typeof import('@tensorflow/tfjs');

async function tfjsContender(tf: Tf, backend: 'cpu' | 'wasm', batch: { inputs: Float32Array; targets: Int32Array }): Promise<Contender> {
  const activate = async (): Promise<void> => {
    if (tf.getBackend() === backend) return;
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
    await tf.ready();
  };
  // Every tensor of this contender is created while its backend is current, so it lives there.
  await activate();
  const init = initialParams();
  const vars = init.map((p, i) => tf.variable(tf.tensor(p, i % 2 === 0 ? [LAYERS[i / 2]!, LAYERS[i / 2 + 1]!] : [p.length])));
  const x = tf.tensor2d(batch.inputs, [BATCH, 784]);
  const y = tf.oneHot(tf.tensor1d(batch.targets, 'int32'), 10);
  const optimizer = tf.train.momentum(SGD.lr, SGD.momentum);
  const [w1, b1, w2, b2] = vars as [ReturnType<Tf['variable']>, ReturnType<Tf['variable']>, ReturnType<Tf['variable']>, ReturnType<Tf['variable']>];
  const step = (): number => {
    const cost = optimizer.minimize(() => {
      const h = tf.relu(tf.add(tf.matMul(x, w1), b1));
      const logits = tf.add(tf.matMul(h, w2), b2);
      return tf.losses.softmaxCrossEntropy(y, logits) as ReturnType<Tf['scalar']>;
    }, true);
    const loss = cost!.dataSync()[0]!;
    cost!.dispose();
    return loss;
  };
  return { name: `tfjs-${backend}`, activate, step };
}

/** MB/s (10^6 bytes per second) of `hash` over `bytes`, median of `rounds`. */
function throughput(bytes: Uint8Array, hash: (b: Uint8Array) => unknown, rounds: number): number {
  hash(bytes);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    hash(bytes);
    times.push(performance.now() - t0);
  }
  return bytes.length / 1e6 / (median(times) / 1000);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const batch = loadBatch();
  const zeroFraction = batch.inputs.filter((v) => v === 0).length / batch.inputs.length;
  log(`MLP 784-128-10 ReLU, batch ${BATCH}, SGD momentum; ${options.warmup} warm-up + ${options.steps} timed steps each`);

  log('ref gpt …');
  const gpt = timeSteps(gptStep(), options);
  log('ref-runSteps …');
  const runStepsMs = engineStepMs(options);

  // tfjs logs a hint about tfjs-node to the console when it loads; keep stdout for results.
  const consoleLog = console.log;
  console.log = (...args: unknown[]) => log(args.map(String).join(' '));
  const tf: Tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  // Single-threaded: VT-F32 work is compared per core, and tfjs-wasm threads need a browser worker setup.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

  const contenders: Contender[] = [
    { name: 'ref', activate: async () => {}, step: refStep(batch) },
    await tfjsContender(tf, 'cpu', batch),
    await tfjsContender(tf, 'wasm', batch),
  ];
  const steps = await timeInterleaved(contenders, options);
  console.log = consoleLog;
  const tfCpu = steps['tfjs-cpu']!;
  const tfWasm = steps['tfjs-wasm']!;

  const ratios = Object.fromEntries(Object.entries(steps).map(([name, r]) => [name, round(tfWasm.medianMs / r.medianMs, 3)]));

  log('hashing …');
  const big = new Uint8Array(64 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4096) big[i] = i & 0xff;
  const checkpointBytes = big.subarray(0, 410_000); // about one MLP 784-128-10 checkpoint
  const hashing = {
    'node:crypto sha256, 64 MiB': throughput(big, (b) => createHash('sha256').update(b).digest(), 5),
    '@noble/hashes sha256, 64 MiB': throughput(big, (b) => sha256(b), 3),
    'stateRoot (node:crypto), 64 MiB': throughput(big, stateRootNode, 3),
    'stateRoot (noble), 64 MiB': throughput(big, stateRoot, 2),
    'stateRoot (node:crypto), 410 kB': throughput(checkpointBytes, stateRootNode, 50),
    'stateRoot (noble), 410 kB': throughput(checkpointBytes, stateRoot, 20),
  };

  const result = {
    model: 'mlp 784-128-10 relu, batch 64, sgd momentum 0.9',
    batch: { source: 'mnist train[0..64)', zeroFraction: round(zeroFraction, 3) },
    warmupSteps: options.warmup,
    timedSteps: options.steps,
    stepMs: Object.fromEntries(Object.entries(steps).map(([name, r]) => [name, round(r.medianMs, 3)])),
    firstLoss: Object.fromEntries(Object.entries(steps).map(([name, r]) => [name, round(r.firstLoss, 6)])),
    engineRunStepsMs: round(runStepsMs, 3),
    gptStepMs: { ref: round(gpt.medianMs, 3), model: 'gpt vocab 73, T 32, 2 layers, 4 heads, C 32, batch 8, adamw' },
    ratios,
    ratioBaseline: 'tfjs-wasm',
    hashingMBps: Object.fromEntries(Object.entries(hashing).map(([name, v]) => [name, round(v, 1)])),
    node: process.version,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const lines = [
    `| backend | step ms (median) | speed-up vs tfjs-wasm | vs tfjs-cpu | first loss |`,
    `|---|---:|---:|---:|---:|`,
    ...Object.entries(steps).map(
      ([name, r]) =>
        `| ${name} | ${r.medianMs.toFixed(2)} | ${(tfWasm.medianMs / r.medianMs).toFixed(2)}× | ${(tfCpu.medianMs / r.medianMs).toFixed(2)}× | ${r.firstLoss.toFixed(5)} |`,
    ),
    `| ref-runSteps (whole worker step: schedule, step, checks, checkpoint + stateRoot) | ${runStepsMs.toFixed(2)} | ${(tfWasm.medianMs / runStepsMs).toFixed(2)}× | ${(tfCpu.medianMs / runStepsMs).toFixed(2)}× | |`,
    '',
    `char GPT step on ref (vocab 73, T 32, 2 layers, 4 heads, C 32, batch 8, AdamW): ${gpt.medianMs.toFixed(2)} ms`,
    '',
    `| hashing | MB/s |`,
    `|---|---:|`,
    ...Object.entries(hashing).map(([name, v]) => `| ${name} | ${v.toFixed(0)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
