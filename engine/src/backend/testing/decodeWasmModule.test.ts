import { describe, expect, it } from 'vitest';
import { decodeWasmModule, prefixedOpcode, SIMD_PREFIX } from './decodeWasmModule';

// Hand-assembled modules: one type () -> (), one function whose body is `code` (without the final `end`).
function moduleWith(code: number[], { imports = [] as number[] } = {}): Uint8Array<ArrayBuffer> {
  const section = (id: number, payload: number[]) => [id, payload.length, ...payload];
  const body = [0x00, ...code, 0x0b]; // no locals, the body, end
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [0x01, 0x60, 0x00, 0x00]),
    ...(imports.length > 0 ? section(2, imports) : []),
    ...section(3, [0x01, 0x00]),
    ...(imports.length > 0 ? [] : section(5, [0x01, 0x00, 0x01])),
    ...section(7, [0x01, 0x01, 0x66, 0x00, 0x00]),
    ...section(10, [0x01, body.length, ...body]),
  ]);
}

const relaxedMadd = prefixedOpcode(SIMD_PREFIX, 0x105);
// v128.const of 16 bytes that spell f32x4.relaxed_madd (0xFD 0x85 0x02) five times, then drop.
const constHidingRelaxed = [0xfd, 0x0c, ...Array.from({ length: 5 }, () => [0xfd, 0x85, 0x02]).flat(), 0x00, 0x1a];
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

describe('decodeWasmModule', () => {
  it('finds a relaxed SIMD instruction (f32x4.relaxed_madd, 0xFD 0x85 0x02)', () => {
    const code = [...V128_ZERO, ...V128_ZERO, ...V128_ZERO, 0xfd, 0x85, 0x02, 0x1a];
    const d = decodeWasmModule(moduleWith(code));
    expect(d.opcodes.get(relaxedMadd)).toBe(1);
    expect(d.opcodes.get(prefixedOpcode(SIMD_PREFIX, 0x0c))).toBe(3);
  });

  it('reads immediates as immediates: relaxed-looking bytes inside v128.const are not instructions', () => {
    const d = decodeWasmModule(moduleWith(constHidingRelaxed));
    expect(d.opcodes.get(relaxedMadd)).toBeUndefined();
    expect(d.instructions).toBe(3); // v128.const, drop, end
  });

  it('decodes memory arguments, LEB128 constants and f32 constants', () => {
    // i32.const 624485 (3-byte LEB), f32.const whose bytes look like SIMD, drop, drop, i32.const 0, v128.load offset=300, drop
    const code = [
      0x41, 0xe5, 0x8e, 0x26, 0x43, 0xfd, 0x85, 0x02, 0xfd, 0x1a, 0x1a, 0x41, 0x00, 0xfd, 0x00, 0x04, 0xac, 0x02, 0x1a,
    ];
    const d = decodeWasmModule(moduleWith(code));
    expect(d.opcodes.get(relaxedMadd)).toBeUndefined();
    expect(d.opcodes.get(0x43)).toBe(1);
    expect(d.opcodes.get(prefixedOpcode(SIMD_PREFIX, 0x00))).toBe(1);
    expect(d.instructions).toBe(8);
  });

  it('lists imports and exports', () => {
    // (import "env" "memory" (memory 1))
    const imports = [0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x01];
    const d = decodeWasmModule(moduleWith([], { imports }));
    expect(d.imports).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(d.exports).toEqual([{ name: 'f', kind: 'function' }]);
  });

  it('refuses what it cannot account for', () => {
    expect(() => decodeWasmModule(moduleWith([0x06]))).toThrow(/unknown opcode 0x6/);
    expect(() => decodeWasmModule(moduleWith([0xfd, 0x9a, 0x01]))).toThrow(/unknown opcode 0xfd 154/);
    expect(() => decodeWasmModule(moduleWith([0xfd, 0x94, 0x02]))).toThrow(/unknown opcode 0xfd 276/);
    // An `end` before the body's last byte: the sizes and the instructions disagree.
    expect(() => decodeWasmModule(moduleWith([0x0b, 0x01]))).toThrow(/ends before its size says/);
    expect(() => decodeWasmModule(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x02, 0, 0, 0]))).toThrow(
      /not a WebAssembly version 1 module/,
    );
  });

  it('agrees with the engine that the hand-made modules are valid', () => {
    expect(WebAssembly.validate(moduleWith(constHidingRelaxed))).toBe(true);
  });
});
