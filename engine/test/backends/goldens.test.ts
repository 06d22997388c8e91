import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { onePerKernelCopy, testBackends } from '../../src/backend/testing/backends.node.js';
import { stateRootNode } from '../../src/checkpoint/stateRoot.node.js';
import type { GoldenFile } from '../conformance/stepCases';
import { runCase } from '../conformance/stepCases';
import { exp32, log32, tanh32 } from '../../src/backend/index';
import { computeOpGoldens, type Polynomials } from '../golden/opsCases';

// The committed goldens on every compiled backend: op goldens (ops.json, with the backend's own exp/log/
// tanh for the polynomial grids) and every step-golden case's roots and loss bits after steps 1, 10 and
// 100 (steps.json). ref's own runs are test/golden/ops.test.ts and test/steps.conformance.test.ts.
const { backends } = await testBackends();
const compiled = backends.filter((b) => b.kind !== 'ref');
const copies = new Set(onePerKernelCopy(compiled));
const ops = JSON.parse(readFileSync(new URL('../golden/ops.json', import.meta.url), 'utf8')) as {
  ops: Record<string, string>;
};
const steps = JSON.parse(readFileSync(new URL('../golden/steps.json', import.meta.url), 'utf8')) as GoldenFile;

describe.each(compiled.map((b) => [b.name, b] as const))('%s', (_, b) => {
  it('reproduces every op golden', () => {
    const poly = b.poly;
    expect(poly, 'the backend exposes its polynomials').toBeDefined();
    // A polynomial of one value runs on one thread: its grids (~2·10^6 calls) are checked once per kernel
    // copy; the copy's other thread counts take numerics/ for the grids.
    // (cuda's polynomials cost a launch per value: polynomials.test checks them on 2^20 inputs each in one.)
    const own = copies.has(b) && b.polyMany === undefined;
    const polynomials: Polynomials = own
      ? { exp: (x) => poly!(0, x), log: (x) => poly!(1, x), tanh: (x) => poly!(2, x) }
      : { exp: exp32, log: log32, tanh: tanh32 };
    expect(computeOpGoldens(b.backend, polynomials)).toEqual(ops.ops);
  });

  it.each(steps.cases.map((c) => [c.name, c] as const))('reproduces the step goldens of %s', (name, c) => {
    const { genesisRoot, stateRoots, lossBits } = runCase(name, c.spec, stateRootNode, b.device ?? b.backend);
    expect({ genesisRoot, stateRoots, lossBits }).toEqual({
      genesisRoot: c.genesisRoot,
      stateRoots: c.stateRoots,
      lossBits: c.lossBits,
    });
  });
});

// Only an explicit VERITRAIN_TEST_BACKENDS=ref leaves no compiled backend (testBackends fails otherwise).
if (compiled.length === 0) {
  it('has no compiled backend only because VERITRAIN_TEST_BACKENDS says so', () => {
    expect(process.env.VERITRAIN_TEST_BACKENDS).toBeTruthy();
  });
}
