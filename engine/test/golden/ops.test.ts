import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refBackend } from '../../src/backend/index';
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
});
