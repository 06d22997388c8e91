import { fileURLToPath } from 'node:url';
import { fuzzCaseCount, fuzzSeed, runFuzzChild } from '@veritrain/protocol/testing';
import { describe, expect, it } from 'vitest';

// Seeded mutation fuzzing of the manifest parser (what a fraud-proofer reads from a worker it suspects).
// VERITRAIN_FUZZ_CASES / VERITRAIN_FUZZ_SEED for a longer run on demand.
const script = fileURLToPath(new URL('./fuzz/manifestFuzzChild.ts', import.meta.url));

describe('submission manifest mutants (seeded, own process)', () => {
  it('each ends in a typed error or a correct acceptance, in bounded time and memory', async () => {
    const cases = fuzzCaseCount(1000);
    const { summary, code, stderr } = await runFuzzChild(script, [String(cases), String(fuzzSeed())], 256);
    expect(code, stderr).toBe(0);
    console.info(`fuzz manifest: ${JSON.stringify(summary)}`);
    expect(summary!.failures).toEqual([]);
    expect(summary!.counts['typed-error'] + summary!.counts.accepted).toBe(cases);
    expect(summary!.counts.accepted).toBeGreaterThan(0);
    expect(summary!.slowestCaseMs).toBeLessThan(1_000);
    expect(summary!.maxRssMiB).toBeLessThan(768);
  }, 300_000);
});
