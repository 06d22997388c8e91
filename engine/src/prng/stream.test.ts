import { describe, expect, it } from 'vitest';
import { deriveKey } from './deriveKey';
import { fillUniform, philox4x32, PrngWordStream, randomUint32, uniformFloat32 } from './stream';

const hex = (w: number): string => w.toString(16).padStart(8, '0');

// Expected values below come from an independent Python implementation of docs/numerics.md Part III
// (engine/test/golden/state-reference.py), not from this code.
describe('deriveKey', () => {
  it('hashes tag, little-endian seed and domain into the documented key', () => {
    expect(deriveKey(0n, 'test').map(hex)).toEqual(['c3f6ca84', '21de13e5']);
    expect(deriveKey(2n ** 64n - 1n, 'init/layer0.weight').map(hex)).toEqual(['27f5c0a7', '99092d71']);
    expect(deriveKey(42n, 'batch/epoch/3').map(hex)).toEqual(['2f00e900', '672e6d7c']);
  });

  it('gives different keys for different seeds and domains', () => {
    const keys = new Set(
      [deriveKey(1n, 'a'), deriveKey(2n, 'a'), deriveKey(1n, 'b'), deriveKey(1n, '')].map((k) => k.join(',')),
    );
    expect(keys.size).toBe(4);
  });

  it('rejects seeds outside [0, 2^64) and lone surrogates in the domain', () => {
    expect(() => deriveKey(-1n, 'x')).toThrow(/seed must be a bigint with 0 <= seed < 2\^64/);
    expect(() => deriveKey(2n ** 64n, 'x')).toThrow(/seed/);
    expect(() => deriveKey(5 as unknown as bigint, 'x')).toThrow(/seed/);
    expect(() => deriveKey(0n, 'bad\ud800')).toThrow(/lone surrogates/);
    expect(() => deriveKey(0n, 'ok\ud83d\ude00')).not.toThrow();
  });
});

describe('word stream', () => {
  const key = deriveKey(0n, 'test');

  it('lays words out as lanes of consecutive counter blocks', () => {
    const words = Array.from({ length: 8 }, (_, i) => hex(randomUint32(key, i)));
    expect(words).toEqual([
      'bc3fbedf',
      '3a8c77a2',
      'b1cc5a4a',
      '50ee85d4',
      'd1589fff',
      '87ab9dee',
      'e311ab66',
      'c3fbc4be',
    ]);
    expect(Array.from(philox4x32(key, [1, 0, 0, 0]), hex)).toEqual(words.slice(4));
  });

  it('puts block indices of 2^32 and above into the second counter word', () => {
    // block = floor(index / 4) = 2^38 + 1 -> counter [1, 2^6, 0, 0], lane 1.
    const index = 2 ** 40 + 5;
    expect(hex(randomUint32(key, index))).toBe('15c45bcf');
    expect(randomUint32(key, index)).toBe(philox4x32(key, [1, 2 ** 6, 0, 0])[1]);
  });

  it('reads the same words sequentially as by index', () => {
    const stream = new PrngWordStream(key, 3);
    for (let i = 3; i < 40; i++) expect(stream.next()).toBe(randomUint32(key, i));
  });

  it('rejects negative, fractional and unsafe indices', () => {
    expect(() => randomUint32(key, -1)).toThrow(/index must be an integer/);
    expect(() => randomUint32(key, 1.5)).toThrow(/index/);
    expect(() => randomUint32(key, 2 ** 53)).toThrow(/index/);
  });
});

describe('uniform floats', () => {
  const key = deriveKey(0n, 'test');

  it('converts the top 24 bits of each word exactly', () => {
    expect([0, 1, 2, 3].map((i) => uniformFloat32(key, i))).toEqual([
      0.7353476285934448, 0.22870582342147827, 0.6945244073867798, 0.3161395192146301,
    ]);
    for (let i = 0; i < 64; i++) {
      const u = uniformFloat32(key, i);
      expect(u).toBe(Math.fround(u));
      expect(u * 2 ** 24).toBe(randomUint32(key, i) >>> 8);
    }
  });

  it('fills a range with float32-rounded affine maps of the uniforms', () => {
    const out = new Float32Array(6);
    fillUniform(key, out, -0.1, 0.1);
    expect(Array.from(out)).toEqual([
      0.047069527208805084, -0.054258834570646286, 0.038904882967472076, -0.036772094666957855, 0.06355170160531998,
      0.005992472171783447,
    ]);
  });

  it('fills lengths that are not multiples of four with the same prefix', () => {
    const long = new Float32Array(11);
    const short = new Float32Array(7);
    fillUniform(key, long, -3, 5);
    fillUniform(key, short, -3, 5);
    expect(Array.from(short)).toEqual(Array.from(long.subarray(0, 7)));
    for (const v of long) expect(v >= -3 && v <= 5).toBe(true);
  });

  it('rejects non-finite or inverted bounds', () => {
    const out = new Float32Array(2);
    expect(() => fillUniform(key, out, 1, 0)).toThrow(/low <= high/);
    expect(() => fillUniform(key, out, 0, Infinity)).toThrow(/finite/);
    expect(() => fillUniform(key, out, -3e38, 3e38)).toThrow(/width/);
    expect(() => fillUniform(key, [] as unknown as Float32Array, 0, 1)).toThrow(/Float32Array/);
  });
});
