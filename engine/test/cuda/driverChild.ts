// Child process of driverLayer.test.ts: opens the cuda backend through whatever libcuda
// VERITRAIN_CUDA_DRIVER names (the fake driver), then does what argv[2] says, printing one JSON line.
import { readFileSync } from 'node:fs';
import { loadCudaBackend } from '../../src/backend/cuda/loadCuda.node.js';
import { hostAdapter } from '../../src/backend/cuda/hostAdapter';
import { exp32, log32, tanh32 } from '../../src/backend/index';
import { stateRootNode } from '../../src/checkpoint/stateRoot.node.js';
import { encodeCheckpoint } from '../../src/checkpoint/encode';
import { parseRunSpec } from '../../src/spec/parseRunSpec';
import type { RunSpec } from '../../src/spec/runSpec';
import { createGenesis } from '../../src/train/createGenesis';
import { loadRunData } from '../../src/train/loadRunData';
import { runSteps } from '../../src/train/runSteps';
import { computeOpGoldens } from '../golden/opsCases';

const mode = process.argv[2];
const r = loadCudaBackend();
if (!r.ok) {
  console.log(JSON.stringify({ ok: false, code: r.code, reason: r.reason }));
  process.exit(0);
}
const cuda = r.backend;
try {
  if (mode === 'goldens') {
    const ops = JSON.parse(readFileSync(new URL('../golden/ops.json', import.meta.url), 'utf8')).ops as Record<
      string,
      string
    >;
    const got = computeOpGoldens(hostAdapter(cuda), { exp: exp32, log: log32, tanh: tanh32 });
    const steps = JSON.parse(readFileSync(new URL('../golden/steps.json', import.meta.url), 'utf8')).cases as {
      name: string;
      spec: RunSpec;
      stateRoots: Record<string, string>;
      lossBits: Record<string, number>;
    }[];
    // Ten steps of the GPT golden (the emulator backend runs all 100 in test/backends/goldens.test.ts).
    const c = steps.find((x) => x.name === 'gpt-sgd')!;
    const spec = parseRunSpec(c.spec);
    const out = runSteps({
      spec,
      checkpoint: encodeCheckpoint(createGenesis(spec)),
      steps: 10,
      data: loadRunData(spec),
      backend: cuda,
      stateRoot: stateRootNode,
    });
    const run = {
      stateRoots: { '1': out.records[0]!.stateRoot, '10': out.records[9]!.stateRoot },
      lossBits: { '1': out.records[0]!.lossBits, '10': out.records[9]!.lossBits },
    };
    c.stateRoots = { '1': c.stateRoots['1']!, '10': c.stateRoots['10']! };
    c.lossBits = { '1': c.lossBits['1']!, '10': c.lossBits['10']! };
    console.log(
      JSON.stringify({
        ok: true,
        name: cuda.name,
        description: r.description,
        opsDiffer: Object.keys(ops).filter((k) => got[k] !== ops[k]),
        stepsMatch: JSON.stringify([run.stateRoots, run.lossBits]) === JSON.stringify([c.stateRoots, c.lossBits]),
        stats: cuda.stats(),
      }),
    );
  } else {
    // Allocate (sizes the allocator's cache cannot serve) and compute until the fake driver fails, then
    // report the error the backend threw.
    const a = cuda.upload(Float32Array.from({ length: 1024 }, (_, i) => i));
    const held = [];
    for (let i = 0; i < 64; i++) {
      held.push(cuda.zeros(1024 * (i + 2)));
      cuda.scope(() => cuda.download(cuda.mul(cuda.add(a, a), a)));
    }
    console.log(JSON.stringify({ ok: true, failed: false }));
  }
} catch (e) {
  const err = e as { code?: string; message: string; name: string };
  console.log(JSON.stringify({ ok: true, failed: true, name: err.name, code: err.code, message: err.message }));
}
