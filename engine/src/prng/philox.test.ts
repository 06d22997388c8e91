import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { philox4x32 } from './stream';

const hex = (words: Uint32Array): string[] => Array.from(words, (w) => w.toString(16).padStart(8, '0'));

// Random123 tests/kat_vectors (v1.14.0), lines "philox4x32 10 <ctr x4> <key x2> <out x4>".
describe('philox4x32 (Philox4x32-10)', () => {
  it('matches the Random123 known answer for counter=0, key=0', () => {
    expect(hex(philox4x32([0, 0], [0, 0, 0, 0]))).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
  });

  it('matches the Random123 known answer for all-ones counter and key', () => {
    const ones = 0xffffffff;
    expect(hex(philox4x32([ones, ones], [ones, ones, ones, ones]))).toEqual([
      '408f276d',
      '41c83b0e',
      'a20bc7c6',
      '6d5451fd',
    ]);
  });

  it('matches the Random123 known answer for the pi-digits vector', () => {
    const out = philox4x32([0xa4093822, 0x299f31d0], [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344]);
    expect(hex(out)).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });

  it('rejects keys and counters that are not uint32', () => {
    expect(() => philox4x32([0, -1], [0, 0, 0, 0])).toThrow(EngineError);
    expect(() => philox4x32([0, 0], [0, 0, 0, 2 ** 32])).toThrow(/counter must be four uint32/);
    expect(() => philox4x32([0, 0.5], [0, 0, 0, 0])).toThrow(/key must be a pair of uint32/);
    expect(() =>
      philox4x32([0, 0] as unknown as [number, number], [0, 0, 0] as unknown as [number, number, number, number]),
    ).toThrow(EngineError);
  });
});
