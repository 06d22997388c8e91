import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { randomUint32 } from '../prng/stream';
import { decodeCheckpoint } from './decode';
import { encodeCheckpoint } from './encode';
import { goldenCheckpoint, SPEC_HASH } from './testFixtures';
import type { CheckpointDecodeLimits } from './types';

function decodeError(bytes: Uint8Array, limits?: CheckpointDecodeLimits): EngineError {
  try {
    decodeCheckpoint(bytes, limits);
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw new Error(`expected an EngineError, got ${String(e)}`);
  }
  throw new Error('expected decoding to fail');
}

/** Frames an arbitrary header text with a valid prefix, zero padding and `dataBytes` zero data bytes. */
function framed(header: string, dataBytes = 0, version = 1): Uint8Array {
  const h = new TextEncoder().encode(header);
  const start = Math.ceil((16 + h.length) / 64) * 64;
  const out = new Uint8Array(start + dataBytes);
  out.set([0x89, 0x56, 0x54, 0x43, 0x4b, 0x0d, 0x0a, 0x1a]);
  new DataView(out.buffer).setUint32(8, version, true);
  new DataView(out.buffer).setUint32(12, h.length, true);
  out.set(h, 16);
  return out;
}

const entry = (name: string, shape: unknown, byteOffset: unknown, byteLength: unknown, dtype = '"f32"'): string =>
  `{"name":${JSON.stringify(name)},"shape":${JSON.stringify(shape)},"dtype":${dtype},"byteOffset":${JSON.stringify(byteOffset)},"byteLength":${JSON.stringify(byteLength)}}`;
const header = (tensors: string[], extra = ''): string =>
  `{"specHash":"${SPEC_HASH}","step":1,"tensors":[${tensors.join(',')}]${extra}}`;

const golden = encodeCheckpoint(goldenCheckpoint());
const headerLength = new DataView(golden.buffer).getUint32(12, true);

describe('decodeCheckpoint on hostile input', () => {
  it('accepts a hand-framed canonical header (the helpers below build valid files)', () => {
    const ok = decodeCheckpoint(framed(header([entry('w', [2], 0, 8)]), 8));
    expect(ok.tensors[0]!.data).toEqual(new Float32Array(2));
  });

  it('rejects each corrupted magic byte with CHECKPOINT_MAGIC naming the offset', () => {
    for (let i = 0; i < 8; i++) {
      const bad = golden.slice();
      bad[i]! ^= 0x20;
      const err = decodeError(bad);
      expect(err.code).toBe('CHECKPOINT_MAGIC');
      expect(err.message).toContain(`byte ${i}`);
    }
    expect(decodeError(new TextEncoder().encode('{"specHash":1}')).code).toBe('CHECKPOINT_MAGIC');
  });

  it('rejects other format versions with CHECKPOINT_VERSION', () => {
    for (const v of [0, 2, 0xffffffff]) {
      const err = decodeError(framed(header([]), 0, v));
      expect(err.code).toBe('CHECKPOINT_VERSION');
      expect(err.message).toContain(`format version ${v}`);
    }
  });

  it('rejects every truncation of a valid file with CHECKPOINT_TRUNCATED', () => {
    for (let n = 0; n < golden.length; n++) {
      const err = decodeError(golden.subarray(0, n));
      expect([n, err.code]).toEqual([n, 'CHECKPOINT_TRUNCATED']);
    }
  });

  it('rejects trailing bytes with CHECKPOINT_TRAILING_BYTES', () => {
    const longer = new Uint8Array(golden.length + 4);
    longer.set(golden);
    const err = decodeError(longer);
    expect(err.code).toBe('CHECKPOINT_TRAILING_BYTES');
    expect(err.message).toContain('4 bytes after the declared end');
  });

  it('fails fast without allocating when a small file declares 10^12 elements', () => {
    const bytes = framed(header([entry('w', [1_000_000, 1_000_000], 0, 4e12)]));
    expect(bytes.length).toBeLessThanOrEqual(256);
    const t0 = performance.now();
    expect(decodeError(bytes).code).toBe('CHECKPOINT_TOO_LARGE');
    // Even with the element and byte limits lifted, the size check precedes any allocation.
    expect(decodeError(bytes, { maxElements: 2 ** 50, maxBytes: 2 ** 53 - 1 }).code).toBe('CHECKPOINT_TRUNCATED');
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('rejects a header length beyond the limit or beyond the file', () => {
    const huge = golden.slice(0, 100);
    new DataView(huge.buffer).setUint32(12, 0x7fffffff, true);
    expect(decodeError(huge).code).toBe('CHECKPOINT_TOO_LARGE');
    const err = decodeError(golden.slice(0, 100), { maxHeaderBytes: headerLength });
    expect(err.code).toBe('CHECKPOINT_TRUNCATED');
    expect(decodeError(golden, { maxHeaderBytes: headerLength - 1 }).code).toBe('CHECKPOINT_TOO_LARGE');
  });

  it('enforces the byte, tensor and element limits', () => {
    expect(decodeError(golden, { maxBytes: golden.length - 1 }).code).toBe('CHECKPOINT_TOO_LARGE');
    expect(decodeError(golden, { maxTensors: 2 }).code).toBe('CHECKPOINT_TOO_LARGE');
    expect(decodeError(golden, { maxElements: 10 }).code).toBe('CHECKPOINT_TOO_LARGE');
    expect(
      decodeCheckpoint(golden, {
        maxBytes: golden.length,
        maxTensors: 3,
        maxElements: 11,
        maxHeaderBytes: headerLength,
      }).step,
    ).toBe(3);
    expect(() => decodeCheckpoint(golden, { maxBytes: -1 })).toThrow(/limits.maxBytes must be a non-negative integer/);
  });

  it('rejects malformed shapes', () => {
    const cases: [unknown, RegExp][] = [
      [[-2], /shape\[0\] must be a positive integer, got -2/],
      [[0], /shape\[0\] must be a positive integer, got 0/],
      [[1.5], /shape\[0\] must be a positive integer, got 1.5/],
      [['2'], /shape\[0\] must be a positive integer, got "2"/],
      [[null], /shape\[0\]/],
      [2, /shape must be an array/],
      [new Array(17).fill(1), /at most 16 dimensions/],
    ];
    for (const [shape, message] of cases) {
      const err = decodeError(framed(header([entry('w', shape, 0, 8)]), 8));
      expect(err.code).toBe('CHECKPOINT_HEADER');
      expect(err.message).toMatch(message);
    }
    expect(decodeError(framed(header([entry('w', [1], 0, 8)]).replace('[1]', '[NaN]'), 8)).code).toBe(
      'CHECKPOINT_HEADER',
    );
  });

  it('rejects byte lengths that disagree with the shape with SHAPE_MISMATCH', () => {
    const err = decodeError(framed(header([entry('w', [2, 3], 0, 20)]), 20));
    expect(err.code).toBe('SHAPE_MISMATCH');
    expect(err.message).toContain('shape [2,3] (24 bytes of f32) but byteLength 20');
  });

  it('rejects overlapping, gapped and out-of-order offsets', () => {
    const overlap = decodeError(framed(header([entry('a', [2], 0, 8), entry('b', [2], 4, 8)]), 16));
    expect(overlap.code).toBe('CHECKPOINT_HEADER');
    expect(overlap.message).toContain('byteOffset 4, expected 8');
    expect(decodeError(framed(header([entry('a', [2], 0, 8), entry('b', [2], 12, 8)]), 20)).code).toBe(
      'CHECKPOINT_HEADER',
    );
    expect(decodeError(framed(header([entry('a', [2], 8, 8), entry('b', [2], 0, 8)]), 16)).code).toBe(
      'CHECKPOINT_HEADER',
    );
    const unsorted = decodeError(framed(header([entry('b', [2], 0, 8), entry('a', [2], 8, 8)]), 16));
    expect(unsorted.message).toContain('unique and sorted');
    const duplicate = decodeError(framed(header([entry('a', [2], 0, 8), entry('a', [2], 8, 8)]), 16));
    expect(duplicate.message).toContain('unique and sorted');
  });

  it('rejects NaN and infinite data with NON_FINITE naming tensor and index', () => {
    const dataStart = Math.ceil((16 + headerLength) / 64) * 64;
    // Tensor "b" starts 4 bytes into the data; its index 4 is at dataStart + 4 + 16.
    for (const bits of [0x7fc00000, 0x7f800000, 0xff800000, 0x7f800001, 0xffffffff]) {
      const bad = golden.slice();
      new DataView(bad.buffer).setUint32(dataStart + 20, bits, true);
      const err = decodeError(bad);
      expect(err.code).toBe('NON_FINITE');
      expect(err.message).toContain('tensor "b" has a non-finite value at index 4');
    }
    const maxFinite = golden.slice();
    new DataView(maxFinite.buffer).setUint32(dataStart + 20, 0x7f7fffff, true);
    expect(decodeCheckpoint(maxFinite).tensors[1]!.data[4]).toBe(3.4028234663852886e38);
  });

  it('rejects invalid UTF-8, invalid JSON and non-object headers', () => {
    const badUtf8 = golden.slice();
    badUtf8[20] = 0xff;
    expect(decodeError(badUtf8).message).toContain('not valid UTF-8');
    expect(decodeError(framed('{"specHash":')).message).toContain('not valid JSON');
    expect(decodeError(framed('')).message).toContain('not valid JSON');
    expect(decodeError(framed('[1,2]')).message).toContain('must be a JSON object');
    expect(decodeError(framed(`\ufeff${header([])}`)).code).toBe('CHECKPOINT_HEADER');
  });

  it('rejects unknown keys, missing keys and wrong types', () => {
    const cases: [string, RegExp][] = [
      [header([], ',"extra":1'), /unknown key "extra"/],
      [`{"specHash":"${SPEC_HASH}","tensors":[]}`, /missing key "step"/],
      [header([]).replace('"step":1', '"step":"1"'), /step must be an integer/],
      [header([]).replace('"step":1', '"step":-1'), /step must be an integer/],
      [header([]).replace('"step":1', '"step":1.5'), /step must be an integer/],
      [header([]).replace(SPEC_HASH, `0x${'AB'.repeat(32)}`), /specHash must be 0x followed by 64 lowercase/],
      [header([]).replace(SPEC_HASH, '0x11'), /specHash must be/],
      [header([]).replace('"tensors":[]', '"tensors":{}'), /tensors must be an array/],
      [
        header([`{"name":"w","shape":[1],"dtype":"f32","byteOffset":0,"byteLength":4,"x":0}`]),
        /tensors\[0\] has unknown key "x"/,
      ],
      [header([entry('w', [1], 0, 4, '"f16"')]), /dtype must be "f32", got "f16"/],
      [header([entry('w', [1], -4, 4)]), /byteOffset must be a non-negative integer/],
      [header([entry('w', [1], 0, '4')]), /byteLength must be a non-negative integer/],
      [header([entry('', [1], 0, 4)]), /name must be a non-empty string/],
      [header(['"w"']), /tensors\[0\] must be an object/],
      [header([], ',"meta":{"x":[1]}'), /meta.x must be a string, number or boolean/],
      [header([], ',"meta":[]'), /meta must be an object/],
    ];
    for (const [text, message] of cases) {
      const err = decodeError(framed(text, 4));
      expect([text, err.code]).toEqual([text, 'CHECKPOINT_HEADER']);
      expect(err.message).toMatch(message);
    }
  });

  it('rejects valid but non-canonical headers so each state has exactly one encoding', () => {
    const variants = [
      header([entry('w', [1], 0, 4)]).replace('"step":1', '"step" : 1'),
      `{"step":1,"specHash":"${SPEC_HASH}","tensors":[${entry('w', [1], 0, 4)}]}`,
      header([entry('w', [1], 0, 4)]).replace('"step":1', '"step":1.0'),
      header([entry('w', [1], 0, 4)]).replace('"step":1', '"step":1e0'),
      header([entry('w', [1], 0, 4)]).replace('"name":"w"', '"name":"\\u0077"'),
      header([entry('w', [1], 0, 4)], ',"meta":{}'),
      header([entry('w', [1], 0, 4)], ',"meta":{"b":1,"a":2}'),
      header([entry('w', [1], 0, 4)]).replace('"step":1', '"step":1,"step":1'),
      `${header([entry('w', [1], 0, 4)])} `,
    ];
    for (const text of variants) {
      const err = decodeError(framed(text, 4));
      expect([text, err.code]).toEqual([text, 'CHECKPOINT_HEADER']);
    }
  });

  it('rejects non-zero padding between header and data', () => {
    const bad = golden.slice();
    bad[16 + headerLength] = 1;
    const err = decodeError(bad);
    expect(err.code).toBe('CHECKPOINT_HEADER');
    expect(err.message).toContain(`padding byte at offset ${16 + headerLength}`);
  });

  it('survives random byte flips: every outcome is a valid decode or an EngineError', () => {
    const key = [0x5eed, 0xf022] as const;
    let word = 0;
    const next = (): number => randomUint32(key, word++);
    const outcomes = new Map<string, number>();
    for (let trial = 0; trial < 3000; trial++) {
      const bytes = golden.slice();
      const flips = 1 + (next() % 4);
      for (let f = 0; f < flips; f++) {
        const pos = next() % bytes.length;
        // Bias a third of the flips into the 16-byte prefix and header, where parsing happens.
        const at = f % 3 === 0 ? pos % (16 + headerLength) : pos;
        bytes[at] = next() & 0xff;
      }
      let outcome: string;
      try {
        const decoded = decodeCheckpoint(bytes);
        // Anything accepted must be canonical: re-encoding reproduces the input exactly.
        expect(encodeCheckpoint(decoded)).toEqual(bytes);
        outcome = 'OK';
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        outcome = e.code;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(outcomes.get('CHECKPOINT_HEADER')).toBeGreaterThan(100);
    expect(outcomes.get('OK')).toBeGreaterThan(10);
  });
});
