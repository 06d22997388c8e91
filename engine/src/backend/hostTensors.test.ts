import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { testBackends } from './testing/backends.node.js';

// Host backends hand arrays through: a tensor is the Float32Array, so the train loop's uploads and
// downloads copy nothing there.
const { backends } = await testBackends();

describe.each(backends.map((b) => [b.name, b.backend] as const))('tensor members of %s', (_, be) => {
  it('is host-resident: upload and download return the array itself, download into another array copies', () => {
    expect(be.residency).toBe('host');
    const a = Float32Array.of(1, -0, 3);
    expect(be.upload(a)).toBe(a);
    expect(be.download(a)).toBe(a);
    expect(be.download(a, a)).toBe(a);
    const out = new Float32Array(3);
    expect(be.download(a, out)).toBe(out);
    expect(Array.from(out).map((v) => Object.is(v, -0))).toEqual([false, true, false]);
    expect(() => be.download(a, new Float32Array(4))).toThrow(EngineError);
  });

  it('zeros is +0; release, scope and keep leave everything to the garbage collector', () => {
    const z = be.zeros(4);
    expect(z).toBeInstanceOf(Float32Array);
    expect(Array.from(z).every((v) => Object.is(v, 0))).toBe(true);
    const kept = be.scope(() => be.keep(be.add(z, z)));
    be.release(z);
    expect(Array.from(z)).toEqual([0, 0, 0, 0]);
    expect(Array.from(kept)).toEqual([0, 0, 0, 0]);
    expect(() =>
      be.scope(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
  });

  it('allFinite is false exactly when an element is NaN or ±Infinity', () => {
    expect(be.allFinite(Float32Array.of(0, -0, 3.4e38, 1e-45))).toBe(true);
    expect(be.allFinite(new Float32Array(0))).toBe(true);
    for (const bad of [NaN, Infinity, -Infinity]) expect(be.allFinite(Float32Array.of(1, bad))).toBe(false);
  });
});
