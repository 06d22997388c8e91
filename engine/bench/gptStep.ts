/**
 * One training step of a run preset's model on a chosen backend, timed: what a validator pays to check one
 * step of a GPU worker (kjv-gpt-10m on native), and the GPU step itself (on cuda). Prints one JSON line.
 *   npx tsx engine/bench/gptStep.ts [--preset kjv-gpt-10m] [--backend native] [--threads 2] [--steps 1]
 */
import { parseArgs } from 'node:util';
import { RUN_PRESETS, type RunPresetName } from '@veritrain/node-core/presets';
import { parseBackendChoice } from '../src/backend/choice';
import { loadBackend } from '../src/backend/select.node.js';
import { encodeCheckpoint } from '../src/checkpoint/encode';
import { stateRootNode } from '../src/checkpoint/stateRoot.node.js';
import { parseRunSpec } from '../src/spec/parseRunSpec';
import { createGenesis } from '../src/train/createGenesis';
import { loadRunData } from '../src/train/loadRunData';
import { runSteps } from '../src/train/runSteps';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'kjv-gpt-10m' },
    backend: { type: 'string', default: 'native' },
    threads: { type: 'string' },
    steps: { type: 'string', default: '1' },
  },
  strict: true,
});
const preset = values.preset as RunPresetName;
if (!(preset in RUN_PRESETS))
  throw new Error(`--preset is ${preset}; expected one of ${Object.keys(RUN_PRESETS).join(', ')}`);
const spec = parseRunSpec(RUN_PRESETS[preset]());
const loaded = await loadBackend(parseBackendChoice(values.backend!), {
  threads: values.threads === undefined ? undefined : Number(values.threads),
});
const data = loadRunData(spec);
const genesis = encodeCheckpoint(createGenesis(spec));
const steps = Number(values.steps);
const times: number[] = [];
let last = performance.now();
const out = runSteps({
  spec,
  checkpoint: genesis,
  steps,
  data,
  backend: loaded.backend,
  stateRoot: stateRootNode,
  onStep() {
    const now = performance.now();
    times.push((now - last) / 1000);
    last = now;
  },
});
console.log(
  JSON.stringify({
    preset,
    backend: loaded.description,
    checkpointBytes: out.checkpoint.length,
    stepSeconds: times.map((t) => Number(t.toFixed(3))),
    records: out.records.map((r) => ({ step: r.step, stateRoot: r.stateRoot, lossBits: r.lossBits })),
  }),
);
