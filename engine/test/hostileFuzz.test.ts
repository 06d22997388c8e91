import { fileURLToPath } from 'node:url';
import { fuzzCaseCount, fuzzSeed, runFuzzChild } from '@veritrain/protocol/testing';
import { describe, expect, it } from 'vitest';

// Seeded mutation fuzzing of the two decoders a node runs on bytes from IPFS. CI runs a few hundred cases of
// each (seconds); VERITRAIN_FUZZ_CASES=20000 (and VERITRAIN_FUZZ_SEED) for a longer run on demand.
const script = fileURLToPath(new URL('./fuzz/fuzzChild.ts', import.meta.url));
const HEAP_MIB = 256;

describe.each([
  ['checkpoint', fuzzCaseCount(600)],
  ['spec', fuzzCaseCount(600)],
])('%s mutants (seeded, own process, %i cases)', (family, cases) => {
  it('each ends in a typed error or a correct acceptance, in bounded time and memory', async () => {
    const seed = fuzzSeed();
    const { summary, code, stderr } = await runFuzzChild(script, [family, String(cases), String(seed)], HEAP_MIB);
    expect(code, stderr).toBe(0);
    console.info(`fuzz ${family}: ${JSON.stringify(summary)}`);
    expect(summary!.cases).toBe(cases);
    expect(summary!.failures).toEqual([]);
    expect(summary!.counts['untyped-error']).toBe(0);
    expect(summary!.counts['wrong-acceptance']).toBe(0);
    expect(summary!.counts['typed-error'] + summary!.counts.accepted).toBe(cases);
    // Some mutants stay valid (a flipped bit in a float, whitespace): acceptance is exercised too.
    expect(summary!.counts.accepted).toBeGreaterThan(0);
    expect(summary!.slowestCaseMs).toBeLessThan(1_000);
    expect(summary!.maxRssMiB).toBeLessThan(768);
  }, 300_000);
});
