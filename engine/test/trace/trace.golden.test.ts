import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GoldenFile } from '../conformance/stepCases';
import { traceGoldenCase, type TraceGoldenFile } from './traceCases';

// Exact equality with the committed trace goldens (regenerate: npm run golden:trace -w engine).
const steps = JSON.parse(readFileSync(new URL('../golden/steps.json', import.meta.url), 'utf8')) as GoldenFile;
const golden = JSON.parse(readFileSync(new URL('../golden/trace.json', import.meta.url), 'utf8')) as TraceGoldenFile;

describe('trace goldens (programRoot, traceRoot and tensor roots of steps 1-3)', () => {
  it('cover every step-conformance case', () => {
    expect(golden.cases.map((c) => c.name)).toEqual(steps.cases.map((c) => c.name));
  });
  it.each(steps.cases.map((c) => [c.name, c.spec] as const))(
    '%s reproduces its golden trace roots',
    (name, spec) => {
      expect(traceGoldenCase(name, spec)).toEqual(golden.cases.find((c) => c.name === name));
    },
    60_000,
  );
});
