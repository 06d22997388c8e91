import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashBlocks64 } from '@veritrain/protocol';
import { createGenesis, decodeCheckpoint, encodeCheckpoint, type RunSpec } from '../../src/index';
import { loadRunData, nativeHashBlocks64 } from '../../src/node';
import { NATIVE_ADDON_PATH } from '../../src/backend/native/loadNative.node';
import { traceStep } from '../../src/trace/traceStep';

// The addon's keccak256 of 64-byte blocks (the trees' hasher in Node) gives the JavaScript one's bytes.
const golden = JSON.parse(readFileSync(new URL('../golden/steps.json', import.meta.url), 'utf8')) as {
  cases: { name: string; spec: RunSpec }[];
};

describe('the native tree hasher', () => {
  const native = nativeHashBlocks64();

  it('is there exactly when the addon is built', () => {
    expect(native !== undefined).toBe(existsSync(NATIVE_ADDON_PATH));
  });

  it.runIf(native !== undefined)(
    'hashes 4,096 random blocks as the JavaScript keccak256 does, and a step trace to the same roots',
    () => {
      const src = new Uint8Array(64 * 4096);
      let x = 12345;
      for (let i = 0; i < src.length; i++) {
        x = (Math.imul(x, 1103515245) + 12345) | 0;
        src[i] = x >>> 24;
      }
      const [a, b] = [new Uint8Array(32 * 4096), new Uint8Array(32 * 4096)];
      hashBlocks64(src, a);
      native!(src, b);
      expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
      expect(() => native!(src.subarray(1), b)).toThrow(/src must hold 64·n bytes/);
      const { spec } = golden.cases.find((c) => c.name === 'gpt-sgd')!;
      const parent = decodeCheckpoint(encodeCheckpoint(createGenesis(spec)));
      const data = loadRunData(spec);
      const js = traceStep(spec, data, parent);
      const fast = traceStep(spec, data, parent, { hashBlocks: native });
      expect(fast.traceRoot).toBe(js.traceRoot);
      expect(fast.tensorTrees.map((t) => Buffer.from(t.root).toString('hex'))).toEqual(
        js.tensorTrees.map((t) => Buffer.from(t.root).toString('hex')),
      );
    },
    60_000,
  );
});
