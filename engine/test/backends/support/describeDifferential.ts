import { describe, expect, it } from 'vitest';
import { refBackend } from '../../../src/backend/index';
import type { BackendUnderTest } from '../../../src/backend/testing/backends.node.js';
import { compareOutputs } from './compareOutputs';
import type { KernelCase, KernelSuite, Outputs } from './kernelCase';

/**
 * 'any': a NaN where ref has a NaN of another sign or payload passes (docs/numerics.md §6.1: NaN payloads
 * are not consensus; which outputs are NaN must match). 'exact' shows every such NaN, e.g. to re-examine
 * that rule: today add, mul, the products, sums, GELU, AdamW, layer norm and softmax backward differ in
 * which NaN survives when two meet, and transpose, swapAxes12 and reluBackward in ref quieting signalling
 * NaNs.
 */
const NAN_BITS: 'exact' | 'any' = 'any';

/** Independent cases each kernel must check (see each suite's `counting`). */
export const MIN_CASES_PER_KERNEL = 10_000;

export function totalCases(cases: readonly KernelCase[]): number {
  return cases.reduce((s, c) => s + c.cases, 0);
}

/**
 * One describe per kernel: its case count, then each compiled backend against ref's outputs (computed
 * once) bit for bit, except the sign and payload of a NaN where ref also has a NaN (compareOutputs).
 */
export function describeDifferential(suites: readonly KernelSuite[], backends: readonly BackendUnderTest[]): void {
  const fast = backends.filter((b) => b.kind !== 'ref');
  for (const suite of suites) {
    describe(suite.kernel, () => {
      let prepared: { cases: KernelCase[]; expected: Outputs[] } | undefined;
      const prepare = () => {
        if (prepared) return prepared;
        const cases = suite.cases();
        prepared = { cases, expected: cases.map((c) => c.run(refBackend)) };
        return prepared;
      };

      it(`checks at least ${MIN_CASES_PER_KERNEL} cases (${suite.counting})`, () => {
        expect(totalCases(prepare().cases)).toBeGreaterThanOrEqual(MIN_CASES_PER_KERNEL);
      });

      it.each(fast.map((b) => [b.name, b] as const))("%s gives ref's bits", (_, b) => {
        const { cases, expected } = prepare();
        cases.forEach((c, i) => {
          compareOutputs(suite.kernel, b.name, c, expected[i]!, c.run(b.backend), NAN_BITS);
        });
      });
    });
  }
  if (fast.length === 0) it.skip('no backend besides ref is under test', () => {});
}
