import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { decodeCheckpoint } from './decode';
import { encodeCheckpoint } from './encode';
import { bytesToHex, goldenCheckpoint, GOLDEN_CHECKPOINT_HEX, SPEC_HASH } from './testFixtures';
import type { Checkpoint } from './types';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e.code;
    throw e;
  }
  return 'OK';
}

describe('encodeCheckpoint', () => {
  it('produces the golden bytes of the independent Python encoder', () => {
    expect(bytesToHex(encodeCheckpoint(goldenCheckpoint()))).toBe(GOLDEN_CHECKPOINT_HEX);
  });

  it('gives the same bytes whatever the order of tensors and meta keys', () => {
    const a = goldenCheckpoint();
    const b: Checkpoint = {
      ...a,
      tensors: [...a.tensors].reverse(),
      meta: { epoch: 2, ok: true, lr: 0.001, note: 'h\u00e9llo\n' },
    };
    expect(encodeCheckpoint(b)).toEqual(encodeCheckpoint(a));
  });

  it('sorts names by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF5E sorts before U+1F600 in UTF-8 (EF.. < F0..) but after it in UTF-16 (FF5E > D83D).
    const ckpt: Checkpoint = {
      specHash: SPEC_HASH,
      step: 0,
      tensors: [
        { name: '\u{1F600}', shape: [1], data: Float32Array.of(1) },
        { name: '\uFF5E', shape: [1], data: Float32Array.of(2) },
      ],
    };
    expect(decodeCheckpoint(encodeCheckpoint(ckpt)).tensors.map((t) => t.name)).toEqual(['\uFF5E', '\u{1F600}']);
  });

  it('starts the tensor data on a 64-byte boundary after zero padding', () => {
    const bytes = encodeCheckpoint(goldenCheckpoint());
    const headerLength = new DataView(bytes.buffer).getUint32(12, true);
    const dataStart = Math.ceil((16 + headerLength) / 64) * 64;
    expect(dataStart % 64).toBe(0);
    expect(bytes.length).toBe(dataStart + 4 * (1 + 6 + 4));
    expect(bytes.subarray(16 + headerLength, dataStart).every((b) => b === 0)).toBe(true);
  });

  it('refuses non-finite values naming the tensor and index', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const ckpt: Checkpoint = {
        specHash: SPEC_HASH,
        step: 1,
        tensors: [{ name: 'w', shape: [3], data: Float32Array.of(0, 1, bad) }],
      };
      expect(() => encodeCheckpoint(ckpt)).toThrow(/tensor "w" has non-finite value .* at index 2/);
      expect(codeOf(() => encodeCheckpoint(ckpt))).toBe('NON_FINITE');
    }
  });

  it('refuses duplicate names, shape/length mismatches and malformed fields', () => {
    const t = (name: string, shape: number[], n: number) => ({ name, shape, data: new Float32Array(n) });
    const base = { specHash: SPEC_HASH, step: 1 } as const;
    expect(codeOf(() => encodeCheckpoint({ ...base, tensors: [t('w', [2], 2), t('w', [1], 1)] }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(() => encodeCheckpoint({ ...base, tensors: [t('w', [2], 2), t('w', [1], 1)] })).toThrow(
      /duplicate tensor name "w"/,
    );
    expect(codeOf(() => encodeCheckpoint({ ...base, tensors: [t('w', [2, 3], 5)] }))).toBe('SHAPE_MISMATCH');
    expect(() => encodeCheckpoint({ ...base, tensors: [t('w', [2, 3], 5)] })).toThrow(
      /shape \[2,3\] \(6 elements\) but 5 values/,
    );
    expect(codeOf(() => encodeCheckpoint({ ...base, tensors: [t('w', [0], 0)] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encodeCheckpoint({ ...base, tensors: [t('', [1], 1)] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encodeCheckpoint({ ...base, specHash: '0x12', tensors: [] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encodeCheckpoint({ ...base, step: -1, tensors: [] }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encodeCheckpoint({ ...base, tensors: [], meta: { x: NaN } }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encodeCheckpoint({ ...base, tensors: [], meta: { x: -0 } }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => encodeCheckpoint({ ...base, tensors: [], meta: { x: null as unknown as string } }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      codeOf(() =>
        encodeCheckpoint({ ...base, tensors: [{ name: 'w', shape: [1], data: [1] as unknown as Float32Array }] }),
      ),
    ).toBe('INVALID_ARGUMENT');
  });
});

describe('decodeCheckpoint round trip', () => {
  it('decodes the golden bytes to the same state, bit for bit (including -0 and subnormals)', () => {
    const decoded = decodeCheckpoint(encodeCheckpoint(goldenCheckpoint()));
    expect(decoded.specHash).toBe(SPEC_HASH);
    expect(decoded.step).toBe(3);
    expect(decoded.meta).toEqual({ epoch: 2, lr: 0.001, note: 'h\u00e9llo\n', ok: true });
    expect(decoded.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['a', []],
      ['b', [2, 3]],
      ['layers.0.weight', [4]],
    ]);
    const b = decoded.tensors[1]!.data;
    expect(Object.is(b[3], -0)).toBe(true);
    expect(b[5]).toBe(Math.fround(1e-40));
  });

  it('re-encodes a decoded checkpoint to identical bytes', () => {
    const cases: Checkpoint[] = [
      goldenCheckpoint(),
      { specHash: SPEC_HASH, step: 0, tensors: [] },
      {
        specHash: SPEC_HASH,
        step: 2 ** 53 - 1,
        tensors: [{ name: 'x'.repeat(1024), shape: [1, 1, 1], data: Float32Array.of(7) }],
      },
      {
        specHash: `0x${'ab'.repeat(32)}`,
        step: 12,
        tensors: [{ name: 'w', shape: [37, 5], data: Float32Array.from({ length: 185 }, (_, i) => Math.sin(i) * 1e3) }],
        meta: { '"quoted\\\u0001': 'tab\there', big: 1e21, small: 1.5e-7, neg: -12, f: false },
      },
    ];
    for (const ckpt of cases) {
      const bytes = encodeCheckpoint(ckpt);
      expect(encodeCheckpoint(decodeCheckpoint(bytes))).toEqual(bytes);
    }
  });

  it('returns tensors that do not alias the input bytes', () => {
    const bytes = encodeCheckpoint(goldenCheckpoint());
    const decoded = decodeCheckpoint(bytes);
    bytes.fill(0, bytes.length - 16);
    expect(decoded.tensors[2]!.data[0]).toBe(Math.fround(0.1));
  });

  it('decodes a Node Buffer from the shared pool into tensors of exactly their own size', () => {
    const bytes = encodeCheckpoint(goldenCheckpoint());
    const pooled = Buffer.from(bytes); // small Buffers live at an offset inside a shared 8 KiB pool
    const decoded = decodeCheckpoint(pooled);
    expect(decoded.tensors.map((t) => t.data.length)).toEqual([1, 6, 4]);
    expect(decoded.tensors[0]!.data[0]).toBe(42);
    expect(encodeCheckpoint(decoded)).toEqual(bytes);
  });

  it('decodes from a view at an unaligned offset of a larger buffer', () => {
    const bytes = encodeCheckpoint(goldenCheckpoint());
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect(encodeCheckpoint(decodeCheckpoint(big.subarray(3)))).toEqual(bytes);
  });
});
