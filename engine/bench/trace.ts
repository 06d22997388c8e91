/**
 * What a step's trace costs against the step itself (ref backend, the same run), and how fast tensor trees are.
 * Prints one JSON line; times are CPU milliseconds of this process (best of --repeat).
 *   npx tsx engine/bench/trace.ts [--case gpt-adamw] [--repeat 3] [--tree-elements 10000000] [--hasher native|js]
 * --case names a step-conformance case of test/golden/steps.json, or a run preset of node-core (kjv-gpt-10m …).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RUN_PRESETS, type RunPresetName } from '@veritrain/node-core/presets';
import { decodeCheckpoint } from '../src/checkpoint/decode';
import { encodeCheckpoint } from '../src/checkpoint/encode';
import { stateRootNode } from '../src/checkpoint/stateRoot.node.js';
import { recordStepProgram } from '../src/program/recordStepProgram';
import { parseRunSpec } from '../src/spec/parseRunSpec';
import type { RunSpec } from '../src/spec/runSpec';
import { createGenesis } from '../src/train/createGenesis';
import { loadRunData } from '../src/train/loadRunData';
import { nativeHashBlocks64 } from '../src/backend/native/loadNative.node.js';
import { runSteps } from '../src/train/runSteps';
import { commitTrace, gameProgramOf, tensorTree, traceValues } from '../src/trace/traceStep';

const { values: args } = parseArgs({
  options: {
    case: { type: 'string', default: 'gpt-adamw' },
    repeat: { type: 'string', default: '3' },
    'tree-elements': { type: 'string', default: '10000000' },
    hasher: { type: 'string', default: 'native' },
  },
  strict: true,
});
const golden = JSON.parse(readFileSync(new URL('../test/golden/steps.json', import.meta.url), 'utf8')) as {
  cases: { name: string; spec: RunSpec }[];
};
const name = args.case!;
const spec =
  golden.cases.find((c) => c.name === name)?.spec ??
  (name in RUN_PRESETS ? parseRunSpec(RUN_PRESETS[name as RunPresetName]()) : undefined);
if (spec === undefined) throw new Error(`--case is ${name}; expected a case of steps.json or a run preset`);
const hashBlocks = args.hasher === 'native' ? nativeHashBlocks64() : undefined;
if (args.hasher === 'native' && hashBlocks === undefined)
  throw new Error('--hasher native: the native addon is not built (npm run build:native -w engine)');
const data = loadRunData(spec);
const genesis = encodeCheckpoint(createGenesis(spec));
const parent = decodeCheckpoint(genesis);
// CPU time of this process (user + system), best of --repeat: on a shared machine wall time measures the others.
const best = (f: () => void): number => {
  let min = Infinity;
  for (let i = 0; i < Number(args.repeat); i++) {
    const t = process.cpuUsage();
    f();
    const used = process.cpuUsage(t);
    min = Math.min(min, (used.user + used.system) / 1000);
  }
  return min;
};
const stepMs = best(() => runSteps({ spec, checkpoint: genesis, steps: 1, data, stateRoot: stateRootNode }));
let recorded = recordStepProgram(spec, data, parent, { captureValues: true });
const recordMs = best(() => (recorded = recordStepProgram(spec, data, parent, { captureValues: true })));
const game = gameProgramOf(recorded.program, parent, recorded.inputValues);
let values = traceValues(recorded.program, game, parent, recorded.inputValues, recorded.values);
const valuesMs = best(
  () => (values = traceValues(recorded.program, game, parent, recorded.inputValues, recorded.values)),
);
const commitMs = best(() => commitTrace(game, values, hashBlocks));
const elements = values.reduce((n, v, i) => n + (game.ops[i]!.kind === 'STORE' ? 0 : v.length), 0);
const traceMs = recordMs + valuesMs + commitMs;
const big = new Float32Array(Number(args['tree-elements'])).map((_, i) => Math.fround(Math.sin(i)));
const treeMs = best(() => tensorTree(big, hashBlocks));
process.stdout.write(
  `${JSON.stringify({
    case: name,
    hasher: args.hasher,
    ops: game.ops.length,
    tracedElements: elements,
    stepMs: Math.round(stepMs),
    traceMs: {
      record: Math.round(recordMs),
      values: Math.round(valuesMs),
      commit: Math.round(commitMs),
      total: Math.round(traceMs),
    },
    traceOverStep: Number((traceMs / stepMs).toFixed(2)),
    tree: {
      elements: big.length,
      leaves: Math.ceil(big.length / 8),
      ms: Math.round(treeMs),
      nsPerHash: Math.round((treeMs * 1e6) / Math.ceil(big.length / 8)),
    },
  })}\n`,
);
