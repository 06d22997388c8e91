/**
 * The CUDA backend's checks and benchmark on a GPU machine (engine/cuda/gpu/check.sh runs this after the
 * build and the SASS audit). Exits 1 on any bit that differs. Writes every figure to --out as JSON.
 *   1. the op goldens (ops.json) and step goldens (steps.json) on cuda;
 *   2. the protocol polynomials on 2^20+ inputs each against numerics/;
 *   3. the differential suites (seeded, ≥10k cases per kernel) against native, bit for bit;
 *   4. bench: exact matmul TFLOP/s at 4096³ and on the kjv-gpt-10m shapes against the no-FMA ceiling
 *      (probe kernel), steps/s of each preset on cuda;
 *   5. one kjv-gpt-10m step on cuda re-executed on native (all cores), stateRoot and loss bits compared,
 *      and how long the CPU took (what a validator pays to check a GPU worker).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { RUN_PRESETS, RUN_PRESET_NAMES } from '@veritrain/node-core/presets';
import { exp32, log32, tanh32 } from '../../src/backend/index';
import type { CudaBackend } from '../../src/backend/cuda/createCudaBackend';
import { hostAdapter } from '../../src/backend/cuda/hostAdapter';
import { loadCudaBackend } from '../../src/backend/cuda/loadCuda.node.js';
import { loadNativeBackend } from '../../src/backend/native/loadNative.node.js';
import { encodeCheckpoint } from '../../src/checkpoint/encode';
import { stateRootNode } from '../../src/checkpoint/stateRoot.node.js';
import { parseRunSpec } from '../../src/spec/parseRunSpec';
import { createGenesis } from '../../src/train/createGenesis';
import { loadRunData } from '../../src/train/loadRunData';
import { runSteps } from '../../src/train/runSteps';
import { createRunContext } from '../../src/train/runContext';
import { residentState } from '../../src/train/residentState';
import { residentStep } from '../../src/train/trainStep';
import { stateFromCheckpoint } from '../../src/train/trainingState';
import { decodeCheckpoint } from '../../src/checkpoint/decode';
import { elementwiseSuites } from '../../test/backends/cases/elementwiseCases';
import { matmulSuites } from '../../test/backends/cases/matmulCases';
import { polynomialInputs } from '../../test/backends/cases/polynomialInputs';
import { reductionSuites } from '../../test/backends/cases/reductionCases';
import { rowSuites } from '../../test/backends/cases/rowCases';
import { compareOutputs } from '../../test/backends/support/compareOutputs';
import { runCase } from '../../test/conformance/stepCases';
import { computeOpGoldens } from '../../test/golden/opsCases';

const readJson = (rel: string) => JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8'));
const opsJson = readJson('../../test/golden/ops.json') as { ops: Record<string, string> };
const stepsJson = readJson('../../test/golden/steps.json') as {
  cases: { name: string; spec: unknown; genesisRoot: string; stateRoots: unknown; lossBits: unknown }[];
};

// --emulate runs the correctness checks on the host emulator (a rehearsal of this script without a GPU;
// the bench and the 10M step are left out there, being hours of emulated work).
const { values } = parseArgs({
  options: { out: { type: 'string', default: 'gpu-check.json' }, emulate: { type: 'boolean', default: false } },
  strict: true,
});
const report: Record<string, unknown> = { date: new Date().toISOString() };
const failures: string[] = [];
const log = (line: string) => console.error(`gpu-check: ${line}`);
const save = () => writeFileSync(values.out!, `${JSON.stringify({ ...report, failures }, null, 2)}\n`);
function check(name: string, fn: () => void) {
  const t = performance.now();
  try {
    fn();
    log(`${name}: ok (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failures.push(`${name}: ${(e as Error).message}`);
    log(`${name}: FAILED ${(e as Error).message}`);
  }
  save();
}

const loaded = loadCudaBackend({ emulate: values.emulate });
if (!loaded.ok) {
  log(`the cuda backend did not load: ${loaded.code}: ${loaded.reason}`);
  process.exit(1);
}
const cuda: CudaBackend = loaded.backend;
const native = loadNativeBackend({ threads: availableParallelism() });
if (!native.ok) throw new Error(`native: ${native.reason}`);
report.device = cuda.device;
report.cpu = native.description;
log(`${loaded.description}; CPU ${native.description}`);
const viaHost = hostAdapter(cuda);

check('op goldens', () => {
  const got = computeOpGoldens(viaHost, { exp: exp32, log: log32, tanh: tanh32 });
  const bad = Object.keys(opsJson.ops).filter((k) => got[k] !== opsJson.ops[k]);
  if (bad.length > 0) throw new Error(`differ: ${bad.join(', ')}`);
});

check('step goldens', () => {
  for (const c of stepsJson.cases) {
    const r = runCase(c.name, c.spec as never, stateRootNode, cuda);
    if (
      JSON.stringify([r.genesisRoot, r.stateRoots, r.lossBits]) !==
      JSON.stringify([c.genesisRoot, c.stateRoots, c.lossBits])
    )
      throw new Error(`${c.name} differs`);
  }
});

check('polynomials', () => {
  for (const [name, op, spec] of [
    ['exp', 0, exp32],
    ['log', 1, log32],
    ['tanh', 2, tanh32],
  ] as const) {
    const inputs = polynomialInputs(name);
    const xs = new Float32Array(new Uint32Array(inputs).buffer);
    const got = new Uint32Array(cuda.polyMany(op, xs).buffer);
    const want = new Uint32Array(Float32Array.from(xs, (x) => spec(x)).buffer);
    for (let i = 0; i < inputs.length; i++)
      if (got[i] !== want[i])
        throw new Error(`${name}(${xs[i]}): ${want[i]!.toString(16)} expected, ${got[i]!.toString(16)}`);
  }
});

check('differential against native', () => {
  let cases = 0;
  for (const suite of [...matmulSuites, ...elementwiseSuites, ...reductionSuites, ...rowSuites]) {
    for (const c of suite.cases()) {
      compareOutputs(suite.kernel, 'cuda', c, c.run(native.backend), c.run(viaHost), 'any');
      cases += c.cases;
    }
  }
  report.differentialCases = cases;
});

/** Seconds per call of fn after a warm-up, the device synchronised around the timed calls. */
function time(fn: () => void, reps: number): number {
  fn();
  cuda.synchronize();
  const t = performance.now();
  for (let i = 0; i < reps; i++) fn();
  cuda.synchronize();
  return (performance.now() - t) / 1000 / reps;
}

if (!values.emulate)
  check('bench: exact matmul and the no-FMA ceiling', () => {
    // Ceiling: the probe's 8 separately rounded adds and multiplies per iteration per thread, 16 blocks per SM.
    const blocks = 132 * 16;
    const iterations = 200_000;
    const probeS = time(() => cuda.ceilingProbe(iterations, blocks), 3);
    const ceiling = (blocks * 256 * iterations * 8) / probeS / 1e12;
    const shapes: [string, number, number, number][] = [
      ['4096³', 4096, 4096, 4096],
      ['qkv 16384×384·384×1152', 16384, 384, 1152],
      ['fc 16384×384·384×1536', 16384, 384, 1536],
      ['mlp.proj 16384×1536·1536×384', 16384, 1536, 384],
      ['lmHead 16384×384·384×73', 16384, 384, 73],
    ];
    const rows = cuda.scope(() =>
      shapes.map(([label, m, k, n]) => {
        const a = cuda.upload(Float32Array.from({ length: m * k }, (_, i) => ((i * 2654435761) % 1000) / 1000 - 0.5));
        const b = cuda.upload(Float32Array.from({ length: k * n }, (_, i) => ((i * 40503) % 1000) / 1000 - 0.5));
        const out = cuda.zeros(m * n);
        const s = time(() => void cuda.matmul(a, b, m, k, n, out), label === '4096³' ? 5 : 10);
        const tflops = (2 * m * k * n) / s / 1e12;
        return {
          shape: label,
          ms: Number((s * 1000).toFixed(3)),
          tflops: Number(tflops.toFixed(2)),
          ofCeiling: Number((tflops / ceiling).toFixed(3)),
        };
      }),
    );
    report.matmul = { ceilingTflops: Number(ceiling.toFixed(2)), rows };
    log(`ceiling ${ceiling.toFixed(1)} TFLOP/s; ${rows.map((r) => `${r.shape} ${r.tflops} TFLOP/s`).join('; ')}`);
  });

if (!values.emulate)
  check('bench: steps/s of each preset on cuda, and the kjv-gpt-10m step on native', () => {
    const presets: Record<string, unknown> = {};
    for (const name of RUN_PRESET_NAMES) {
      const spec = parseRunSpec(RUN_PRESETS[name]());
      const data = loadRunData(spec);
      const genesis = encodeCheckpoint(createGenesis(spec));
      const steps = name === 'kjv-gpt-10m' ? 5 : 20;
      const times: number[] = [];
      let last = performance.now();
      const out = runSteps({
        spec,
        checkpoint: genesis,
        steps,
        data,
        backend: cuda,
        stateRoot: stateRootNode,
        onStep: () => {
          const now = performance.now();
          times.push(now - last);
          last = now;
        },
      });
      const steady = times.slice(1);
      const msPerStep = steady.reduce((s, x) => s + x, 0) / steady.length;
      presets[name] = {
        msPerStep: Number(msPerStep.toFixed(2)),
        stepsPerS: Number((1000 / msPerStep).toFixed(2)),
        firstStepMs: Number(times[0]!.toFixed(1)),
      };
      if (name === 'kjv-gpt-10m') {
        // The step on the device alone (forward, backward, AdamW; the state stays there), apart from what
        // the protocol adds per step (download, encode and SHA-256 of the 124 MiB checkpoint).
        const ctx = createRunContext(spec, data, cuda);
        const state = stateFromCheckpoint(ctx.spec, ctx.hash, ctx.model, decodeCheckpoint(genesis));
        const resident = residentState(cuda, state);
        try {
          residentStep(ctx, state, resident);
          cuda.synchronize();
          const t0 = performance.now();
          for (let i = 0; i < 5; i++) residentStep(ctx, state, resident);
          cuda.synchronize();
          (presets[name] as Record<string, unknown>).deviceOnlyMsPerStep = Number(
            ((performance.now() - t0) / 5).toFixed(2),
          );
        } finally {
          resident.release();
        }
        const t = performance.now();
        const cpu = runSteps({
          spec,
          checkpoint: genesis,
          steps: 1,
          data,
          backend: native.backend,
          stateRoot: stateRootNode,
        });
        const cpuS = (performance.now() - t) / 1000;
        const same =
          cpu.records[0]!.stateRoot === out.records[0]!.stateRoot &&
          cpu.records[0]!.lossBits === out.records[0]!.lossBits;
        report.reexecution = {
          preset: name,
          cpu: native.description,
          seconds: Number(cpuS.toFixed(1)),
          sameBits: same,
          stateRoot: cpu.records[0]!.stateRoot,
        };
        if (!same)
          throw new Error(`kjv-gpt-10m step 1: cuda ${out.records[0]!.stateRoot} native ${cpu.records[0]!.stateRoot}`);
      }
      log(`${name}: ${JSON.stringify(presets[name])}`);
    }
    report.presets = presets;
  });

save();
log(failures.length === 0 ? 'all checks passed' : `${failures.length} check(s) failed`);
process.exit(failures.length === 0 ? 0 : 1);
