/**
 * A small WebAssembly binary decoder for the checks on engine/wasm/vtf32.wasm: the module's imports and
 * exports, and every instruction of every function body, decoded with its immediates (so bytes inside a
 * constant, an offset or a shuffle mask are never read as opcodes). It knows the instructions of the MVP,
 * sign extension, the 0xFC group (saturating truncation, bulk memory, tables), SIMD128 and relaxed SIMD;
 * anything else throws, so a module it cannot fully account for fails the checks instead of passing them.
 */

export interface WasmImport {
  readonly module: string;
  readonly name: string;
  /** 'function' | 'table' | 'memory' | 'global' | 'tag' */
  readonly kind: string;
}

export interface WasmExport {
  readonly name: string;
  readonly kind: string;
}

export interface DecodedWasmModule {
  readonly imports: readonly WasmImport[];
  readonly exports: readonly WasmExport[];
  /** Function bodies in the code section. */
  readonly functions: number;
  /** Instructions decoded over all bodies. */
  readonly instructions: number;
  /**
   * How often each opcode occurs: plain opcodes as their byte (0x00–0xFF), prefixed ones as
   * prefix·0x10000 + sub-opcode (e.g. 0xFD0105 for f32x4.relaxed_madd).
   */
  readonly opcodes: ReadonlyMap<number, number>;
}

export const SIMD_PREFIX = 0xfd;
export const MISC_PREFIX = 0xfc;
/** Relaxed SIMD: sub-opcodes 0x100–0x113 of the 0xFD prefix (relaxed_swizzle … relaxed_dot_i8x16_i7x16_add_s). */
export const RELAXED_SIMD_FIRST = 0x100;
export const RELAXED_SIMD_LAST = 0x113;

export const prefixedOpcode = (prefix: number, sub: number): number => prefix * 0x10000 + sub;

const KINDS = ['function', 'table', 'memory', 'global', 'tag'];

/** SIMD sub-opcodes 0x00–0xFF that the final SIMD128 proposal leaves unassigned. */
const SIMD_UNASSIGNED = new Set([
  0x9a, 0xa2, 0xa5, 0xa6, 0xaf, 0xb0, 0xb2, 0xb3, 0xb4, 0xbb, 0xc2, 0xc5, 0xc6, 0xcf, 0xd0, 0xd2, 0xd3, 0xd4, 0xe2,
  0xee,
]);

class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  fail(what: string): never {
    throw new Error(`wasm decode: ${what} at byte ${this.pos}`);
  }

  byte(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos++]!;
  }

  skip(n: number): void {
    if (this.pos + n > this.end) this.fail('unexpected end');
    this.pos += n;
  }

  /** Unsigned LEB128 of at most `bits` bits. */
  uleb(bits = 32): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i * 7 < bits; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return result;
    }
    return this.fail(`unsigned LEB128 longer than ${bits} bits`);
  }

  /** Signed LEB128 of at most `bits` bits; only its length matters here. */
  sleb(bits: number): void {
    for (let i = 0; i * 7 < bits; i++) if ((this.byte() & 0x80) === 0) return;
    this.fail(`signed LEB128 longer than ${bits} bits`);
  }

  name(): string {
    const n = this.uleb();
    const start = this.pos;
    this.skip(n);
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(start, start + n));
  }

  limits(): void {
    const flags = this.byte();
    this.uleb(64);
    if (flags & 1) this.uleb(64);
  }
}

function blockType(r: Reader): void {
  const b = r.bytes[r.pos];
  if (b === 0x40 || (b !== undefined && b >= 0x6f && b <= 0x7f)) r.pos++;
  else r.sleb(33);
}

function memarg(r: Reader): void {
  r.uleb();
  r.uleb(64);
}

/** Reads one instruction's immediates after its opcode; returns the opcode key (see `opcodes`). */
function instruction(r: Reader): number {
  const op = r.byte();
  if (op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1) return op;
  if (op >= 0x02 && op <= 0x04) {
    blockType(r);
    return op;
  }
  if (op === 0x0c || op === 0x0d || op === 0x10 || (op >= 0x20 && op <= 0x26) || op === 0xd2) {
    r.uleb();
    return op;
  }
  if (op === 0x0e) {
    const n = r.uleb();
    for (let i = 0; i <= n; i++) r.uleb();
    return op;
  }
  if (op === 0x11) {
    r.uleb();
    r.uleb();
    return op;
  }
  if (op === 0x1c) {
    const n = r.uleb();
    r.skip(n);
    return op;
  }
  if (op >= 0x28 && op <= 0x3e) {
    memarg(r);
    return op;
  }
  if (op === 0x3f || op === 0x40) {
    r.byte();
    return op;
  }
  if (op === 0x41) {
    r.sleb(32);
    return op;
  }
  if (op === 0x42) {
    r.sleb(64);
    return op;
  }
  if (op === 0x43) {
    r.skip(4);
    return op;
  }
  if (op === 0x44) {
    r.skip(8);
    return op;
  }
  if (op >= 0x45 && op <= 0xc4) return op;
  if (op === 0xd0) {
    r.byte();
    return op;
  }
  if (op === MISC_PREFIX) return misc(r);
  if (op === SIMD_PREFIX) return simd(r);
  return r.fail(`unknown opcode 0x${op.toString(16)}`);
}

function misc(r: Reader): number {
  const sub = r.uleb();
  if (sub <= 7) {
    // i32/i64.trunc_sat_f32/f64_s/u: no immediates
  } else if (sub === 8) {
    r.uleb();
    r.byte();
  } else if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) {
    r.uleb();
  } else if (sub === 10) {
    r.byte();
    r.byte();
  } else if (sub === 11) {
    r.byte();
  } else if (sub === 12 || sub === 14) {
    r.uleb();
    r.uleb();
  } else {
    r.fail(`unknown opcode 0xfc ${sub}`);
  }
  return prefixedOpcode(MISC_PREFIX, sub);
}

function simd(r: Reader): number {
  const sub = r.uleb();
  if (sub <= 0x0b || sub === 0x5c || sub === 0x5d) memarg(r);
  else if (sub === 0x0c || sub === 0x0d)
    r.skip(16); // v128.const, i8x16.shuffle
  else if (sub >= 0x15 && sub <= 0x22)
    r.byte(); // extract_lane / replace_lane
  else if (sub >= 0x54 && sub <= 0x5b) {
    memarg(r); // v128.load*_lane / store*_lane
    r.byte();
  } else if (
    sub > RELAXED_SIMD_LAST ||
    (sub <= 0xff && SIMD_UNASSIGNED.has(sub)) ||
    (sub > 0xff && sub < RELAXED_SIMD_FIRST)
  ) {
    r.fail(`unknown opcode 0xfd ${sub}`);
  }
  return prefixedOpcode(SIMD_PREFIX, sub);
}

/** Decodes a WebAssembly module (binary format version 1). Throws on anything malformed or unknown. */
export function decodeWasmModule(bytes: Uint8Array): DecodedWasmModule {
  const r = new Reader(bytes);
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  for (const b of header) if (r.byte() !== b) r.fail('not a WebAssembly version 1 module');
  const imports: WasmImport[] = [];
  const exports: WasmExport[] = [];
  const opcodes = new Map<number, number>();
  let functions = 0;
  let instructions = 0;
  while (r.pos < r.end) {
    const id = r.byte();
    const size = r.uleb();
    const s = new Reader(bytes, r.pos, r.pos + size);
    if (s.end > r.end) r.fail(`section ${id} runs past the end`);
    r.pos = s.end;
    if (id === 2) {
      for (let n = s.uleb(); n > 0; n--) {
        const module = s.name();
        const name = s.name();
        const kind = s.byte();
        if (kind === 0) s.uleb();
        else if (kind === 1) {
          s.byte();
          s.limits();
        } else if (kind === 2) s.limits();
        else if (kind === 3) {
          s.byte();
          s.byte();
        } else if (kind === 4) {
          s.byte();
          s.uleb();
        } else s.fail(`unknown import kind ${kind}`);
        imports.push({ module, name, kind: KINDS[kind]! });
      }
    } else if (id === 7) {
      for (let n = s.uleb(); n > 0; n--) {
        const name = s.name();
        const kind = s.byte();
        s.uleb();
        exports.push({ name, kind: KINDS[kind] ?? `kind ${kind}` });
      }
    } else if (id === 10) {
      for (let n = s.uleb(); n > 0; n--) {
        const bodySize = s.uleb();
        const body = new Reader(bytes, s.pos, s.pos + bodySize);
        s.skip(bodySize);
        for (let groups = body.uleb(); groups > 0; groups--) {
          body.uleb();
          body.byte();
        }
        // A body is an expression: instructions up to the `end` that closes the function's own block.
        let depth = 1;
        let last = -1;
        while (body.pos < body.end) {
          last = instruction(body);
          instructions++;
          opcodes.set(last, (opcodes.get(last) ?? 0) + 1);
          if (last >= 0x02 && last <= 0x04) depth++;
          else if (last === 0x0b && --depth === 0 && body.pos !== body.end)
            body.fail('a function body ends before its size says');
        }
        if (depth !== 0 || last !== 0x0b) body.fail('a function body does not end where its size says');
        functions++;
      }
    }
  }
  return { imports, exports, functions, instructions, opcodes };
}
