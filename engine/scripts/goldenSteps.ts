// Regenerates test/golden/steps.json: `npm run golden:steps -w engine`. A diff in that file is a change of
// the consensus step (numerics, model, optimizer, data schedule, init or codec): review it as such.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canonicalRunSpec } from '../src/spec/canonicalRunSpec';
import { currentCaseSpecs, runCase, type GoldenFile } from '../test/conformance/stepCases';

const out = fileURLToPath(new URL('../test/golden/steps.json', import.meta.url));
const started = performance.now();
const cases = currentCaseSpecs().map(({ name, spec }) => {
  const t = performance.now();
  const c = runCase(name, spec);
  process.stderr.write(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  // Store the spec in canonical form so its float32 hyperparameters read as written (0.05, not 0.0500000007).
  return { ...c, spec: JSON.parse(canonicalRunSpec(c.spec)) };
});
const file: GoldenFile = {
  description:
    'VT-F32 step conformance: stateRoot and loss bits after steps 1, 10 and 100 from genesis, per run spec. ' +
    'Checked with exact equality by engine/test/steps.conformance.test.ts. Regenerate: npm run golden:steps -w engine.',
  cases,
};
writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
process.stderr.write(`wrote ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
