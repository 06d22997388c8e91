import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../src/checkpoint/decode';
import { encodeCheckpoint } from '../src/checkpoint/encode';
import { EngineError } from '../src/errors';
import { parseRunSpec } from '../src/spec/parseRunSpec';
import type { RunSpec } from '../src/spec/runSpec';
import { createGenesis } from '../src/train/createGenesis';
import { loadRunData } from '../src/train/loadRunData';
import type { RunData } from '../src/train/runData';
import { runSteps } from '../src/train/runSteps';
import { verifyStep } from '../src/train/verifyStep';
import type { GoldenFile } from './conformance/stepCases';
import goldenJson from './golden/steps.json';

const golden = goldenJson as unknown as GoldenFile;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e.code;
    throw e;
  }
  return 'no error';
}

function flipHexBit(hex: `0x${string}`, bit: number): `0x${string}` {
  const digits = hex.slice(2).split('');
  const i = digits.length - 1 - Math.floor(bit / 4);
  digits[i] = (parseInt(digits[i]!, 16) ^ (1 << (bit % 4))).toString(16);
  return `0x${digits.join('')}`;
}

describe.each(['mlp-relu-sgd', 'gpt-adamw'])('verifyStep and resumability (%s)', (name) => {
  let spec: RunSpec;
  let data: RunData;
  let parent: Uint8Array;
  let honest: { stateRoot: `0x${string}`; lossBits: number };

  beforeAll(() => {
    spec = parseRunSpec(golden.cases.find((c) => c.name === name)!.spec);
    data = loadRunData(spec);
    const first = runSteps({ spec, checkpoint: createGenesis(spec), steps: 4, data });
    parent = first.checkpoint;
    const next = runSteps({ spec, checkpoint: parent, steps: 1, data });
    honest = { stateRoot: next.records[0]!.stateRoot, lossBits: next.records[0]!.lossBits };
  });

  it('accepts the honest claim', () => {
    const r = verifyStep({ spec, parent, data, claimed: honest });
    expect(r).toEqual({ ok: true, step: 5, ...honest });
  });

  it.each([0, 1, 130, 255])('rejects a stateRoot with bit %i flipped, naming the mismatch', (bit) => {
    const r = verifyStep({ spec, parent, data, claimed: { ...honest, stateRoot: flipHexBit(honest.stateRoot, bit) } });
    expect(r.ok).toBe(false);
    expect(r.stateRoot).toBe(honest.stateRoot);
    expect(r.reason).toContain('stateRoot');
  });

  it.each([0, 22, 31])('rejects loss bits with bit %i flipped', (bit) => {
    const r = verifyStep({
      spec,
      parent,
      data,
      claimed: { ...honest, lossBits: (honest.lossBits ^ (1 << bit)) >>> 0 },
    });
    expect(r.ok).toBe(false);
    expect(r.reason).toContain('lossBits');
  });

  it('throws on a malformed parent instead of returning a verdict', () => {
    const truncated = parent.subarray(0, parent.length - 1);
    expect(() => verifyStep({ spec, parent: truncated, data, claimed: honest })).toThrow(EngineError);
    const badMagic = Uint8Array.from(parent);
    badMagic[0] = 0;
    expect(codeOf(() => verifyStep({ spec, parent: badMagic, data, claimed: honest }))).toBe('CHECKPOINT_MAGIC');
  });

  it('throws CHECKPOINT_SPEC_MISMATCH for a parent of another run', () => {
    const other = parseRunSpec({ ...spec, seed: '99' });
    expect(codeOf(() => runSteps({ spec: other, checkpoint: parent, steps: 1, data }))).toBe(
      'CHECKPOINT_SPEC_MISMATCH',
    );
  });

  it('resumes from a middle checkpoint with the same roots as running from genesis', () => {
    const straight = runSteps({ spec, checkpoint: encodeCheckpoint(createGenesis(spec)), steps: 6, data });
    const a = runSteps({ spec, checkpoint: createGenesis(spec), steps: 2, data });
    const b = runSteps({ spec, checkpoint: decodeCheckpoint(a.checkpoint), steps: 4, data });
    expect([...a.records, ...b.records]).toEqual(straight.records);
    expect(b.checkpoint).toEqual(straight.checkpoint);
  });
});

describe('invalid steps', () => {
  it('a step that overflows to non-finite values is NON_FINITE in runSteps and a failed verdict in verifyStep', () => {
    const base = golden.cases.find((c) => c.name === 'mlp-relu-sgd')!.spec;
    const spec = parseRunSpec({ ...base, optimizer: { kind: 'sgd', lr: 1e30, momentum: 0 } });
    const data = loadRunData(spec);
    let parent = encodeCheckpoint(createGenesis(spec));
    for (let step = 1; step <= 10; step++) {
      const code = codeOf(() => {
        parent = runSteps({ spec, checkpoint: parent, steps: 1, data }).checkpoint;
      });
      if (code === 'no error') continue;
      expect(code).toBe('NON_FINITE');
      const r = verifyStep({ spec, parent, data, claimed: { stateRoot: `0x${'00'.repeat(32)}`, lossBits: 0 } });
      expect(r).toMatchObject({ ok: false, step, stateRoot: null, lossBits: null });
      expect(r.reason).toContain('invalid');
      return;
    }
    throw new Error('expected the step to become non-finite within 10 steps');
  });

  it('refuses steps past totalSteps', () => {
    const base = golden.cases.find((c) => c.name === 'mlp-relu-sgd')!.spec;
    const spec = parseRunSpec({ ...base, totalSteps: 2 });
    const data = loadRunData(spec);
    expect(codeOf(() => runSteps({ spec, checkpoint: createGenesis(spec), steps: 3, data }))).toBe('INVALID_ARGUMENT');
  });
});
