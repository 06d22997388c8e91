// Regenerates test/golden/trace.json: `npm run golden:trace -w engine`. A diff in that file is a change of the
// game's encoding (docs/game.md, "Encodings") or of the consensus step: review it as such.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GoldenFile } from '../test/conformance/stepCases';
import { traceGoldenCase, type TraceGoldenFile } from '../test/trace/traceCases';

const steps = JSON.parse(readFileSync(new URL('../test/golden/steps.json', import.meta.url), 'utf8')) as GoldenFile;
const out = fileURLToPath(new URL('../test/golden/trace.json', import.meta.url));
const file: TraceGoldenFile = {
  description:
    'VT-F32 step traces for the dissection game: programRoot, traceRoot and four tensor roots for steps 1-3 of each ' +
    'step-conformance case (specs in steps.json). Checked with exact equality by engine/test/trace/trace.golden.test.ts. ' +
    'Regenerate: npm run golden:trace -w engine.',
  cases: steps.cases.map(({ name, spec }) => traceGoldenCase(name, spec)),
};
writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
process.stderr.write(`wrote ${out}\n`);
