import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refBackend } from '../../src/backend/index';
import { oracleExp, oracleLog, oracleTanh, specOracleBackend } from '../../src/backend/testing/specOracle';
import { computeOpGoldens } from './opsCases';

const committed = JSON.parse(readFileSync(new URL('./ops.json', import.meta.url), 'utf8')) as {
  format: string;
  ops: Record<string, string>;
};

describe('op goldens (VT-F32 conformance)', () => {
  const computed = computeOpGoldens(refBackend);

  it('cover exactly the committed ops', () => {
    expect(committed.format).toBe('veritrain-op-goldens/1');
    expect(Object.keys(computed).sort()).toEqual(Object.keys(committed.ops).sort());
  });

  it.each(Object.keys(committed.ops))('ref reproduces %s bit for bit', (name) => {
    expect(computed[name]).toBe(committed.ops[name]);
  });

  // The naive oracle is written from docs/numerics.md with its own polynomials: agreeing with it shows the
  // goldens follow the document, not just whatever the optimised ref kernels happen to do.
  it('the naive spec oracle reproduces every golden bit for bit', () => {
    const oracle = computeOpGoldens(specOracleBackend, { exp: oracleExp, log: oracleLog, tanh: oracleTanh });
    expect(oracle).toEqual(committed.ops);
  });
});
