import { describe, expect, it } from 'vitest';
import { createWasmArena } from './wasmArena';

const PAGE = 65536;

describe('createWasmArena', () => {
  it('lays out a call from the bottom, aligned, and starts the next call there again', () => {
    const arena = createWasmArena(new WebAssembly.Memory({ initial: 1 }), 1000);
    const f = arena.frame();
    const a = f.place(new Float32Array(3), 'in');
    const b = f.place(new Float32Array(5), 'out');
    expect([a, b]).toEqual([1024, 1088]);
    expect(arena.frame().place(new Float32Array(1), 'in')).toBe(1024);
  });

  it('gives the same view one buffer, copied in and back once, and distinct views their own', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const arena = createWasmArena(memory, 0);
    const data = Float32Array.of(1, 2, 3, 4);
    const f = arena.frame();
    const pIn = f.place(data, 'in');
    expect(f.place(data, 'out')).toBe(pIn);
    expect(f.place(data.subarray(0, 4), 'in')).toBe(pIn);
    expect(f.place(data.subarray(1), 'in')).not.toBe(pIn);
    expect(f.place(new Int32Array(data.buffer), 'in')).not.toBe(pIn);
    f.run(() => {
      const inside = new Float32Array(memory.buffer, pIn, 4);
      expect([...inside]).toEqual([1, 2, 3, 4]);
      inside.set([5, 6, 7, 8]);
    });
    expect([...data]).toEqual([5, 6, 7, 8]);
  });

  it('grows by at least half again, and only when a call needs more', () => {
    const memory = new WebAssembly.Memory({ initial: 2 });
    const arena = createWasmArena(memory, 0);
    const f = arena.frame();
    f.scratch(3 * PAGE);
    f.run(() => undefined);
    expect(arena.memoryBytes()).toBe(3 * PAGE);
    const g = arena.frame();
    g.scratch(3 * PAGE + 1);
    g.run(() => undefined);
    expect(arena.memoryBytes()).toBe(5 * PAGE); // ceil(3 · 1.5) pages, more than the 4 it needs
    const h = arena.frame();
    h.scratch(PAGE);
    h.run(() => undefined);
    expect(arena.memoryBytes()).toBe(5 * PAGE);
  });

  it('grows exactly when half again is more than the memory may have, and says when even that fails', () => {
    const arena = createWasmArena(new WebAssembly.Memory({ initial: 4, maximum: 5 }), 0);
    const f = arena.frame();
    f.scratch(5 * PAGE);
    f.run(() => undefined);
    expect(arena.memoryBytes()).toBe(5 * PAGE);
    const g = arena.frame();
    g.place(new Float32Array(2 * PAGE), 'in');
    expect(() => g.run(() => undefined)).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED',
        message: expect.stringMatching(/could not grow to 524288 bytes/),
      }),
    );
    const h = arena.frame();
    h.scratch(2 ** 32 + 1);
    expect(() => h.run(() => undefined)).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED',
        message: expect.stringMatching(/more than a wasm32 module can address/),
      }),
    );
  });
});
