// Trains a `run create` preset locally (no chain, no IPFS) and prints its held-out loss as it goes: how
// the GPT presets' learning figures in docs/performance.md were measured.
//   npx tsx scripts/trainPreset.ts --preset kjv-gpt-128 --steps 2000 --eval-every 250 [--backend native]
//     [--threads 1] [--eval-examples 512] [--json]
import { parseArgs } from 'node:util';
import { createGenesis, evaluate, parseBackendChoice, parseRunSpec, runSteps } from '@veritrain/engine';
import { loadBackend, loadRunData, stateRootNode } from '@veritrain/engine/node';
import { RUN_PRESETS, type RunPresetName } from '../src/run/runPresets';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'kjv-gpt-128' },
    steps: { type: 'string', default: '1000' },
    'eval-every': { type: 'string', default: '250' },
    'eval-examples': { type: 'string', default: '512' },
    backend: { type: 'string', default: 'auto' },
    threads: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});
const preset = values.preset as RunPresetName;
if (!(preset in RUN_PRESETS))
  throw new Error(`--preset is ${preset}; expected one of ${Object.keys(RUN_PRESETS).join(', ')}`);
const steps = Number(values.steps);
const evalEvery = Number(values['eval-every']);
const evalExamples = Number(values['eval-examples']);
const loaded = await loadBackend(parseBackendChoice(values.backend!), {
  threads: values.threads === undefined ? undefined : Number(values.threads),
});
const spec = parseRunSpec({ ...RUN_PRESETS[preset](), totalSteps: Math.max(steps, 1) });
const data = loadRunData(spec);
console.error(`${preset}: ${JSON.stringify(spec.model)} batch ${spec.batchSize} on ${loaded.description}`);
let checkpoint = createGenesis(spec);
const rows: {
  step: number;
  trainLoss: number;
  heldOutLoss: number;
  heldOutAccuracy: number;
  seconds: number;
  msPerStep: number;
}[] = [];
let trained = 0;
let seconds = 0;
let lastLoss = NaN;
const heldOut = () =>
  evaluate({ spec, checkpoint, data, split: 'test', maxExamples: evalExamples, backend: loaded.backend });
const first = heldOut();
rows.push({
  step: 0,
  trainLoss: NaN,
  heldOutLoss: first.loss,
  heldOutAccuracy: first.accuracy,
  seconds: 0,
  msPerStep: NaN,
});
while (trained < steps) {
  const n = Math.min(evalEvery, steps - trained);
  const t0 = performance.now();
  const r = runSteps({ spec, checkpoint, steps: n, data, backend: loaded.backend, stateRoot: stateRootNode });
  const dt = (performance.now() - t0) / 1000;
  seconds += dt;
  checkpoint = r.checkpoint;
  trained += n;
  lastLoss = r.records.at(-1)!.loss;
  const e = heldOut();
  const row = {
    step: trained,
    trainLoss: lastLoss,
    heldOutLoss: e.loss,
    heldOutAccuracy: e.accuracy,
    seconds,
    msPerStep: (1000 * dt) / n,
  };
  rows.push(row);
  console.error(
    `step ${String(trained).padStart(5)}  train ${lastLoss.toFixed(4)}  held-out ${e.loss.toFixed(4)} (acc ${(100 * e.accuracy).toFixed(1)}%)  ${row.msPerStep.toFixed(0)} ms/step`,
  );
}
if (values.json)
  console.log(
    JSON.stringify({ preset, model: spec.model, batchSize: spec.batchSize, backend: loaded.description, rows }),
  );
