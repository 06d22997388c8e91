import { bytesToHex, hexToBytes, type Hex } from 'viem';

/** graph-ts TypeId numbers (global/global.ts) the harness allocates; the module maps them to class ids. */
export const TypeId = {
  String: 0,
  ArrayBuffer: 1,
  Uint8Array: 6,
  BigDecimal: 12,
  ArrayEthereumValue: 15,
  ArrayStoreValue: 16,
  EventParam: 23,
  EthereumTransaction: 24,
  EthereumBlock: 25,
  EthereumValue: 30,
  StoreValue: 31,
  EthereumEvent: 33,
  TypedMapEntryStringStoreValue: 34,
  TypedMapStringStoreValue: 36,
  ArrayEventParam: 19,
  ArrayTypedMapEntryStringStoreValue: 21,
} as const;

export type MappingExports = {
  memory: WebAssembly.Memory;
  __new(size: number, classId: number): number;
  id_of_type(typeId: number): number;
  _start(): void;
};

/**
 * Reads and writes AssemblyScript 0.19 objects (stub runtime, as graph-cli compiles mappings) in a mapping's
 * memory. Layouts: an object's class id sits at ptr-8 and its byte size at ptr-4; strings are UTF-16LE;
 * typed arrays are {buffer, dataStart, byteLength}; arrays add `length`; class fields follow declaration order,
 * each aligned to its size (pointers 4 bytes, u64 8).
 */
export class AscMemory {
  private readonly classIds = new Map<number, number>();

  constructor(private readonly exports: MappingExports) {}

  private get view(): DataView {
    return new DataView(this.exports.memory.buffer);
  }

  classId(typeId: number): number {
    let id = this.classIds.get(typeId);
    if (id === undefined) {
      id = this.exports.id_of_type(typeId);
      this.classIds.set(typeId, id);
    }
    return id;
  }

  u32(ptr: number): number {
    return this.view.getUint32(ptr, true);
  }

  i32(ptr: number): number {
    return this.view.getInt32(ptr, true);
  }

  u64(ptr: number): bigint {
    return this.view.getBigUint64(ptr, true);
  }

  private size(ptr: number): number {
    return this.u32(ptr - 4);
  }

  readString(ptr: number): string {
    if (ptr === 0) return '';
    const bytes = new Uint8Array(this.exports.memory.buffer, ptr, this.size(ptr));
    return new TextDecoder('utf-16le').decode(bytes);
  }

  /** A Uint8Array (Bytes, Address, BigInt's bytes). */
  readBytes(ptr: number): Uint8Array {
    const dataStart = this.u32(ptr + 4);
    const byteLength = this.i32(ptr + 8);
    return new Uint8Array(this.exports.memory.buffer.slice(dataStart, dataStart + byteLength));
  }

  readHex(ptr: number): Hex {
    return bytesToHex(this.readBytes(ptr));
  }

  /** A graph-ts BigInt: little-endian two's complement. */
  readBigInt(ptr: number): bigint {
    const bytes = this.readBytes(ptr);
    let v = 0n;
    for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
    if (bytes.length > 0 && bytes[bytes.length - 1]! & 0x80) v -= 1n << BigInt(bytes.length * 8);
    return v;
  }

  /** The element pointers of an Array of objects. */
  readArray(ptr: number): number[] {
    const dataStart = this.u32(ptr + 4);
    const length = this.i32(ptr + 12);
    return Array.from({ length }, (_, i) => this.u32(dataStart + i * 4));
  }

  alloc(size: number, typeId: number): number {
    return this.exports.__new(size, this.classId(typeId));
  }

  writeU32(ptr: number, v: number): void {
    this.view.setUint32(ptr, v, true);
  }

  writeU64(ptr: number, v: bigint): void {
    this.view.setBigUint64(ptr, v, true);
  }

  newString(s: string): number {
    const ptr = this.alloc(s.length * 2, TypeId.String);
    const view = this.view;
    for (let i = 0; i < s.length; i++) view.setUint16(ptr + i * 2, s.charCodeAt(i), true);
    return ptr;
  }

  newBytes(bytes: Uint8Array): number {
    const buffer = this.alloc(bytes.length, TypeId.ArrayBuffer);
    new Uint8Array(this.exports.memory.buffer, buffer, bytes.length).set(bytes);
    const ptr = this.alloc(12, TypeId.Uint8Array);
    this.writeU32(ptr, buffer);
    this.writeU32(ptr + 4, buffer);
    this.writeU32(ptr + 8, bytes.length);
    return ptr;
  }

  newHex(hex: Hex): number {
    return this.newBytes(hexToBytes(hex));
  }

  /** A graph-ts BigInt in the minimal two's-complement form graph-node writes. */
  newBigInt(v: bigint): number {
    const out: number[] = [];
    let x = v;
    for (;;) {
      const byte = Number(x & 0xffn);
      out.push(byte);
      x >>= 8n;
      if ((x === 0n && (byte & 0x80) === 0) || (x === -1n && (byte & 0x80) !== 0)) break;
    }
    return this.newBytes(Uint8Array.from(out));
  }

  newArray(ptrs: number[], typeId: number): number {
    const buffer = this.alloc(ptrs.length * 4, TypeId.ArrayBuffer);
    ptrs.forEach((p, i) => {
      this.writeU32(buffer + i * 4, p);
    });
    const ptr = this.alloc(16, typeId);
    this.writeU32(ptr, buffer);
    this.writeU32(ptr + 4, buffer);
    this.writeU32(ptr + 8, ptrs.length * 4);
    this.writeU32(ptr + 12, ptrs.length);
    return ptr;
  }

  /** An object whose fields are all pointers (or 32-bit values), in declaration order. */
  newObject(fields: number[], typeId: number): number {
    const ptr = this.alloc(fields.length * 4, typeId);
    fields.forEach((f, i) => {
      this.writeU32(ptr + i * 4, f);
    });
    return ptr;
  }

  /** A `Value` (ethereum or store): `kind: i32` at 0, `data: u64` at 8. */
  newValue(kind: number, data: bigint, typeId: number): number {
    const ptr = this.alloc(16, typeId);
    this.writeU32(ptr, kind);
    this.writeU64(ptr + 8, data);
    return ptr;
  }
}
