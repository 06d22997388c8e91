/**
 * `npm run bench -w engine [-- --json] [-- --steps N] [-- --warmup N] [-- --quick]`
 *
 * Every figure is a ratio measured in the same run (docs/performance.md has the tables and how to read them):
 * - the no-FMA ceiling of one core, from a register-only probe in the native addon (separately rounded
 *   multiplies and adds in independent chains, per instruction set);
 * - one MLP training step (784-128-10, ReLU, batch 64, SGD with momentum) on the same real MNIST batch and
 *   initial weights on every backend: ref, native (1 thread and all cores), wasm, tfjs-cpu, tfjs-wasm
 *   (the baseline of the ratios), timed in interleaved rounds so load from other processes falls on all
 *   alike; PyTorch CPU float32 (1 thread) when `python3 -c "import torch"` works;
 * - one step of each GPT preset's model (kjv-gpt: 2 layers, C 32; kjv-gpt-128: 4 layers, C 128) on ref,
 *   native and wasm, and the PyTorch twin;
 * - matmul GFLOP/s on the kjv-gpt-128 layer shapes, as a fraction of the ceiling;
 * - the whole worker step (runSteps: schedule, step, checks, checkpoint, stateRoot) on ref and native;
 * - SHA-256 throughput (node:crypto, @noble/hashes, the checkpoint stateRoot on both).
 * Progress goes to stderr, results to stdout.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { loadMnist } from '@veritrain/datasets';
import { refBackend, type Backend } from '../src/backend/index';
import { NATIVE_ADDON_PATH, loadNativeBackend } from '../src/backend/native/loadNative.node.js';
import { testFloats, testInts } from '../src/backend/testing/inputs';
import { loadWasmBackendNode } from '../src/backend/wasm/loadWasm.node.js';
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

type Options = { json: boolean; steps: number; warmup: number; quick: boolean };

function parseArgs(argv: string[]): Options {
  const options: Options = { json: false, steps: 30, warmup: 10, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--steps' || arg === '--warmup') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} expects a positive integer, got ${argv[i]}`);
      options[arg === '--steps' ? 'steps' : 'warmup'] = value;
    } else {
      throw new Error(`unknown flag ${arg}; expected --json, --quick, --steps N, --warmup N`);
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
    contenders.map((c) => [
      c.name,
      { medianMs: median(times.get(c.name)!), firstLoss: firstLoss.get(c.name)!, lastLoss: lastLoss.get(c.name)! },
    ]),
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

/** The engine's own MLP step (forward, backward, SGD) on a backend. */
function mlpStep(be: Backend, batch: { inputs: Float32Array; targets: Int32Array }): () => number {
  const model = createMlp({ kind: 'mlp', layers: [...LAYERS], activation: 'relu' });
  const params = initialParams();
  const velocity = params.map((p) => new Float32Array(p.length));
  const modelBatch = { kind: 'classification', rows: BATCH, inputs: batch.inputs, targets: batch.targets } as const;
  return () => {
    const { loss, grads } = model.lossAndGrads(be, params, modelBatch);
    for (let i = 0; i < params.length; i++) sgdUpdate(be, SGD, params[i]!, grads[i]!, velocity[i]!);
    return loss;
  };
}

/** Milliseconds per step of the engine's runSteps on an MNIST run with the same model and optimizer. */
function engineStepMs(options: Options, backend: Backend): number {
  const spec = mnistSpec(DATASET_LOADERS.mnist!({}).datasetRoot, options.warmup + options.steps);
  const data = loadRunData(spec);
  const warm = runSteps({
    spec,
    checkpoint: createGenesis(spec),
    steps: options.warmup,
    data,
    backend,
    stateRoot: stateRootNode,
  });
  const t0 = performance.now();
  runSteps({ spec, checkpoint: warm.checkpoint, steps: options.steps, data, backend, stateRoot: stateRootNode });
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

/** The GPT presets' models (run create --preset kjv-gpt / kjv-gpt-128), AdamW, random token batches. */
const GPT_SHAPES = {
  'kjv-gpt': { vocab: 73, T: 32, layers: 2, heads: 4, C: 32, batch: 8 },
  'kjv-gpt-128': { vocab: 73, T: 64, layers: 4, heads: 4, C: 128, batch: 16 },
} as const;
type GptShape = (typeof GPT_SHAPES)[keyof typeof GPT_SHAPES];

function gptStep(be: Backend, g: GptShape): () => number {
  const model = createGpt({
    kind: 'gpt',
    vocabSize: g.vocab,
    blockSize: g.T,
    nLayer: g.layers,
    nHead: g.heads,
    nEmbd: g.C,
  });
  const params = initParams(model.paramSpecs, 2024n);
  const adamw = { kind: 'adamw', lr: 0.002, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.01 } as const;
  const state = new Map(initOptimizerState(adamw, model.paramSpecs).map((t) => [t.name, t.data]));
  const n = g.batch * g.T;
  const batch = {
    kind: 'sequence',
    sequences: g.batch,
    tokens: testInts(n, 5, g.vocab),
    targets: testInts(n, 6, g.vocab),
  } as const;
  return () => {
    const { loss, grads } = model.lossAndGrads(
      be,
      params.map((p) => p.data),
      batch,
    );
    applyOptimizer(be, adamw, params, grads, state);
    return loss;
  };
}

/** PyTorch CPU float32, one thread (bench/torch_steps.py, Debian python3-torch under the system python3), or why it did not run. */
function torchStepMs(
  config: Record<string, unknown>,
): { stepMs: number; blas: string; torch: string } | { error: string } {
  const script = fileURLToPath(new URL('./torch_steps.py', import.meta.url));
  // OPENBLAS_VERBOSE=2 makes OpenBLAS name the kernel it picked (Debian's may pick a slow one on new CPUs).
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const r = spawnSync(python, [script, JSON.stringify(config)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_VERBOSE: '2', OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    timeout: 600_000,
  });
  if (r.status !== 0) return { error: (r.stderr || String(r.error ?? r.status)).trim().split('\n').at(-1)! };
  const core = /Core:\s*(\S+)/.exec(r.stderr)?.[1];
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { stepMs: number; blas: string; torch: string };
  return { ...out, blas: core ? `${out.blas}; OpenBLAS core ${core}` : out.blas };
}

/** GFLOP/s of one product shape on a backend (2·m·k·n per call), over at least `minMs`. */
function matmulGflops(be: Backend, layout: 'nn' | 'nt' | 'tn', m: number, k: number, n: number, minMs: number): number {
  const a = testFloats(m * k, 11, -1, 1);
  const b = testFloats(k * n, 12, -1, 1);
  const out = new Float32Array(m * n);
  const f = layout === 'nn' ? be.matmul : layout === 'nt' ? be.matmulTransB : be.matmulTransA;
  f(a, b, m, k, n, out);
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs || calls < 2) {
    f(a, b, m, k, n, out);
    calls++;
  }
  return (2 * m * k * n * calls) / ((performance.now() - t0) / 1000) / 1e9;
}

type Tf = typeof import('@tensorflow/tfjs-core');

async function tfjsContender(
  tf: Tf,
  backend: 'cpu' | 'wasm',
  batch: { inputs: Float32Array; targets: Int32Array },
): Promise<Contender> {
  const activate = async (): Promise<void> => {
    if (tf.getBackend() === backend) return;
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
    await tf.ready();
  };
  // Every tensor of this contender is created while its backend is current, so it lives there.
  await activate();
  const init = initialParams();
  const vars = init.map((p, i) =>
    tf.variable(tf.tensor(p, i % 2 === 0 ? [LAYERS[i / 2]!, LAYERS[i / 2 + 1]!] : [p.length])),
  );
  const x = tf.tensor2d(batch.inputs, [BATCH, 784]);
  const y = tf.oneHot(tf.tensor1d(batch.targets, 'int32'), 10);
  const optimizer = tf.train.momentum(SGD.lr, SGD.momentum);
  const [w1, b1, w2, b2] = vars as [
    ReturnType<Tf['variable']>,
    ReturnType<Tf['variable']>,
    ReturnType<Tf['variable']>,
    ReturnType<Tf['variable']>,
  ];
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

type Fast = { name: string; backend: Backend };

/** The no-FMA ceiling of one core per instruction set (GFLOP/s), from the addon's register-only probe. */
function probeCeilings(): Record<string, number> {
  const addon = createRequire(import.meta.url)(NATIVE_ADDON_PATH) as {
    isas(): string[];
    isa(): string;
    setIsa(n: string): boolean;
    threads(): number;
    setThreads(n: number): number;
    probe(iterations: number): number;
  };
  const [isa, threads] = [addon.isa(), addon.threads()];
  const out: Record<string, number> = {};
  for (const name of addon.isas()) {
    addon.setIsa(name);
    addon.setThreads(1);
    addon.probe(1e6);
    const rounds: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      const flops = addon.probe(2e7);
      rounds.push(flops / ((performance.now() - t0) / 1000) / 1e9);
    }
    out[name] = Math.max(...rounds);
  }
  addon.setIsa(isa);
  addon.setThreads(threads);
  return out;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const batch = loadBatch();
  const zeroFraction = batch.inputs.filter((v) => v === 0).length / batch.inputs.length;
  const cores = availableParallelism();
  const fast: Fast[] = [];
  const unavailable: Record<string, string> = {};
  const native1 = loadNativeBackend({ threads: 1 });
  const nativeN = loadNativeBackend({ threads: cores });
  if (native1.ok) fast.push({ name: 'native-1t', backend: native1.backend });
  else unavailable.native = native1.reason;
  if (native1.ok && nativeN.ok && cores > 1) fast.push({ name: `native-${cores}t`, backend: nativeN.backend });
  const wasm = await loadWasmBackendNode();
  if (wasm.ok) fast.push({ name: 'wasm', backend: wasm.backend });
  else unavailable.wasm = wasm.reason;
  log(
    `MLP 784-128-10 ReLU, batch ${BATCH}, SGD momentum; ${options.warmup} warm-up + ${options.steps} timed steps each`,
  );
  log(
    `backends: ref, ${fast.map((f) => f.name).join(', ')}${Object.keys(unavailable).length ? `; unavailable: ${JSON.stringify(unavailable)}` : ''}`,
  );

  log('no-FMA ceiling probe …');
  const ceilings = native1.ok ? probeCeilings() : {};
  const ceiling = native1.ok ? (ceilings[native1.isa] ?? NaN) : NaN;

  log('runSteps (whole worker step) …');
  const runStepsMs: Record<string, number> = { ref: engineStepMs(options, refBackend) };
  for (const f of fast) runStepsMs[f.name] = engineStepMs(options, f.backend);

  // tfjs logs a hint about tfjs-node to the console when it loads; keep stdout for results.
  const consoleLog = console.log;
  console.log = (...args: unknown[]) => log(args.map(String).join(' '));
  const tf: Tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const tfWasmModule = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  tfWasmModule.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  // Single-threaded: VT-F32 work is compared per core, and tfjs-wasm threads need a browser worker setup.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

  const contenders: Contender[] = [
    { name: 'ref', activate: async () => {}, step: mlpStep(refBackend, batch) },
    ...fast.map((f) => ({ name: f.name, activate: async () => {}, step: mlpStep(f.backend, batch) })),
    await tfjsContender(tf, 'cpu', batch),
    await tfjsContender(tf, 'wasm', batch),
  ];
  const steps = await timeInterleaved(contenders, options);
  console.log = consoleLog;
  const tfCpu = steps['tfjs-cpu']!;
  const tfWasm = steps['tfjs-wasm']!;
  const ratios = Object.fromEntries(
    Object.entries(steps).map(([name, r]) => [name, round(tfWasm.medianMs / r.medianMs, 3)]),
  );

  log('PyTorch CPU …');
  const torchMlp = torchStepMs({
    kind: 'mlp',
    layers: [...LAYERS],
    batch: BATCH,
    steps: options.steps,
    warmup: options.warmup,
  });

  const gptSteps = options.quick ? 2 : 10;
  const gpt: Record<string, Record<string, number>> = {};
  const torchGpt: Record<string, ReturnType<typeof torchStepMs>> = {};
  for (const [preset, g] of Object.entries(GPT_SHAPES)) {
    log(`GPT ${preset} …`);
    gpt[preset] = {};
    const big = g.C > 32;
    gpt[preset]!.ref = timeSteps(gptStep(refBackend, g), { ...options, warmup: 1, steps: big ? 2 : gptSteps }).medianMs;
    for (const f of fast)
      gpt[preset]![f.name] = timeSteps(gptStep(f.backend, g), { ...options, warmup: 2, steps: gptSteps }).medianMs;
    torchGpt[preset] = torchStepMs({ kind: 'gpt', ...g, steps: gptSteps, warmup: 3 });
  }

  log('matmul GFLOP/s on the kjv-gpt-128 shapes …');
  const N = GPT_SHAPES['kjv-gpt-128'].batch * GPT_SHAPES['kjv-gpt-128'].T;
  const C = GPT_SHAPES['kjv-gpt-128'].C;
  const shapes: [string, 'nn' | 'nt' | 'tn', number, number, number][] = [
    ['qkv forward x·W', 'nn', N, C, 3 * C],
    ['mlp.fc forward x·W', 'nn', N, C, 4 * C],
    ['mlp.proj forward x·W', 'nn', N, 4 * C, C],
    ['mlp.fc dx = dy·Wᵀ', 'nt', N, 4 * C, C],
    ['mlp.fc dW = xᵀ·dy', 'tn', C, N, 4 * C],
  ];
  const matmul: { shape: string; gflops: Record<string, number> }[] = [];
  for (const [label, layout, m, k, n] of shapes) {
    const gflops: Record<string, number> = {
      ref: matmulGflops(refBackend, layout, m, k, n, options.quick ? 100 : 400),
    };
    for (const f of fast) gflops[f.name] = matmulGflops(f.backend, layout, m, k, n, options.quick ? 100 : 400);
    matmul.push({ shape: `${label} ${layout} ${m}×${k}×${n}`, gflops });
  }

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

  const torchMs = (t: ReturnType<typeof torchStepMs>) => ('error' in t ? null : round(t.stepMs, 3));
  const result = {
    model: 'mlp 784-128-10 relu, batch 64, sgd momentum 0.9',
    batch: { source: 'mnist train[0..64)', zeroFraction: round(zeroFraction, 3) },
    warmupSteps: options.warmup,
    timedSteps: options.steps,
    cores,
    nativeIsa: native1.ok ? native1.isa : null,
    unavailable,
    noFmaCeilingGflops: Object.fromEntries(Object.entries(ceilings).map(([k, v]) => [k, round(v, 1)])),
    stepMs: Object.fromEntries(Object.entries(steps).map(([name, r]) => [name, round(r.medianMs, 3)])),
    firstLoss: Object.fromEntries(Object.entries(steps).map(([name, r]) => [name, round(r.firstLoss, 6)])),
    ratios,
    ratioBaseline: 'tfjs-wasm',
    torchMlpStepMs: torchMs(torchMlp),
    torch:
      'error' in torchMlp ? { error: torchMlp.error } : { version: torchMlp.torch, blas: torchMlp.blas, threads: 1 },
    engineRunStepsMs: Object.fromEntries(Object.entries(runStepsMs).map(([k, v]) => [k, round(v, 3)])),
    gptStepMs: Object.fromEntries(
      Object.entries(gpt).map(([preset, r]) => [
        preset,
        {
          ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v, 3)])),
          torch: torchMs(torchGpt[preset]!),
        },
      ]),
    ),
    gptShapes: GPT_SHAPES,
    matmulGflops: matmul.map((m) => ({
      shape: m.shape,
      ...Object.fromEntries(Object.entries(m.gflops).map(([k, v]) => [k, round(v, 2)])),
    })),
    hashingMBps: Object.fromEntries(Object.entries(hashing).map(([name, v]) => [name, round(v, 1)])),
    node: process.version,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const fastNames = fast.map((f) => f.name);
  const torchLine =
    'error' in torchMlp
      ? `PyTorch: not run (${torchMlp.error})`
      : `PyTorch ${torchMlp.torch}, 1 thread, ${torchMlp.blas}`;
  const pct = (v: number) => (Number.isFinite(ceiling) ? `${((100 * v) / ceiling).toFixed(0)}%` : '');
  const lines = [
    `no-FMA ceiling, 1 core: ${
      Object.entries(ceilings)
        .map(([k, v]) => `${k} ${v.toFixed(1)} GFLOP/s`)
        .join(', ') || 'n/a (no native addon)'
    }`,
    Object.keys(unavailable).length
      ? `unavailable: ${Object.entries(unavailable)
          .map(([k, v]) => `${k} (${v})`)
          .join('; ')}`
      : '',
    '',
    `| MLP step | ms (median) | speed-up vs tfjs-wasm | vs tfjs-cpu | first loss |`,
    `|---|---:|---:|---:|---:|`,
    ...Object.entries(steps).map(
      ([name, r]) =>
        `| ${name} | ${r.medianMs.toFixed(3)} | ${(tfWasm.medianMs / r.medianMs).toFixed(2)}× | ${(tfCpu.medianMs / r.medianMs).toFixed(2)}× | ${r.firstLoss.toFixed(5)} |`,
    ),
    ...('error' in torchMlp
      ? []
      : [
          `| torch-cpu-1t (not exact) | ${torchMlp.stepMs.toFixed(3)} | ${(tfWasm.medianMs / torchMlp.stepMs).toFixed(2)}× | ${(tfCpu.medianMs / torchMlp.stepMs).toFixed(2)}× | |`,
        ]),
    '',
    `| whole worker step (runSteps) | ms |`,
    `|---|---:|`,
    ...Object.entries(runStepsMs).map(([k, v]) => `| ${k} | ${v.toFixed(3)} |`),
    '',
    `| GPT step (ms) | ref | ${fastNames.join(' | ')} | torch-cpu-1t | ${fastNames.map((n) => `${n} vs ref`).join(' | ')} | native-1t vs torch |`,
    `|---|---:|${fastNames.map(() => '---:|').join('')}---:|${fastNames.map(() => '---:|').join('')}---:|`,
    ...Object.entries(gpt).map(([preset, r]) => {
      const t = torchGpt[preset]!;
      const tm = 'error' in t ? NaN : t.stepMs;
      return `| ${preset} | ${r.ref!.toFixed(1)} | ${fastNames.map((n) => r[n]!.toFixed(1)).join(' | ')} | ${Number.isFinite(tm) ? tm.toFixed(1) : 'n/a'} | ${fastNames.map((n) => `${(r.ref! / r[n]!).toFixed(1)}×`).join(' | ')} | ${Number.isFinite(tm) && r['native-1t'] ? `${(r['native-1t'] / tm).toFixed(2)}× torch's time` : 'n/a'} |`;
    }),
    '',
    `| matmul GFLOP/s | ref | ${fastNames.join(' | ')} | native-1t of ceiling |`,
    `|---|---:|${fastNames.map(() => '---:|').join('')}---:|`,
    ...matmul.map(
      (m) =>
        `| ${m.shape} | ${m.gflops.ref!.toFixed(2)} | ${fastNames.map((n) => m.gflops[n]!.toFixed(1)).join(' | ')} | ${m.gflops['native-1t'] ? pct(m.gflops['native-1t']) : ''} |`,
    ),
    '',
    torchLine,
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
