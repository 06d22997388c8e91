import { SubgraphError } from '../manifest/subgraphError';
import { TypeId, type AscMemory } from './ascMemory';
import { STORE_KIND, type Entity, type StoreValue } from './storeValue';

const KIND_NAME = Object.fromEntries(Object.entries(STORE_KIND).map(([k, v]) => [v, k])) as Record<
  number,
  StoreValue['kind']
>;

/** graph-ts BigDecimal {digits: BigInt, exp: BigInt} as the decimal string graph-node would print. */
export function readBigDecimal(mem: AscMemory, ptr: number): string {
  const digits = mem.readBigInt(mem.u32(ptr));
  const exp = Number(mem.readBigInt(mem.u32(ptr + 4)));
  return formatDecimal(digits, exp);
}

export function formatDecimal(digits: bigint, exp: number): string {
  if (digits === 0n) return '0';
  const neg = digits < 0n;
  let s = (neg ? -digits : digits).toString();
  if (exp >= 0) s += '0'.repeat(exp);
  else {
    const point = s.length + exp;
    s = point > 0 ? `${s.slice(0, point)}.${s.slice(point)}` : `0.${'0'.repeat(-point)}${s}`;
    s = s.replace(/\.?0+$/, '');
  }
  return neg ? `-${s}` : s;
}

/** Parses a decimal (with optional exponent, as AssemblyScript prints floats) into digits and exponent. */
export function parseDecimal(text: string): { digits: bigint; exp: number } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === ''))
    throw new SubgraphError('MAPPING_ABORTED', `bigDecimal.fromString: not a decimal number: ${JSON.stringify(text)}`);
  const frac = m[3] ?? '';
  let digits = BigInt(`${m[2] || '0'}${frac}`);
  let exp = Number(m[4] ?? 0) - frac.length;
  // Normalised as graph-node does: no trailing zeros in the digits.
  while (digits !== 0n && digits % 10n === 0n) {
    digits /= 10n;
    exp += 1;
  }
  if (digits === 0n) exp = 0;
  return { digits: m[1] === '-' ? -digits : digits, exp };
}

export function newBigDecimal(mem: AscMemory, text: string): number {
  const { digits, exp } = parseDecimal(text);
  return mem.newObject([mem.newBigInt(digits), mem.newBigInt(BigInt(exp))], TypeId.BigDecimal);
}

export function readStoreValue(mem: AscMemory, ptr: number): StoreValue {
  const kind = KIND_NAME[mem.u32(ptr)];
  const data = mem.u64(ptr + 8);
  const p = Number(data & 0xffffffffn);
  switch (kind) {
    case 'String':
      return { kind, value: mem.readString(p) };
    case 'Int':
      return { kind, value: Number(BigInt.asIntN(32, data)) };
    case 'BigDecimal':
      return { kind, value: readBigDecimal(mem, p) };
    case 'Bool':
      return { kind, value: data !== 0n };
    case 'Array':
      return { kind, value: mem.readArray(p).map((q) => readStoreValue(mem, q)) };
    case 'Null':
      return { kind };
    case 'Bytes':
      return { kind, value: mem.readHex(p) };
    case 'BigInt':
      return { kind, value: mem.readBigInt(p) };
    case 'Int8':
    case 'Timestamp':
      return { kind, value: BigInt.asIntN(64, data) };
    default:
      throw new SubgraphError('HOST_UNSUPPORTED', `unknown store value kind ${mem.u32(ptr)}`);
  }
}

export function writeStoreValue(mem: AscMemory, v: StoreValue): number {
  const kind = STORE_KIND[v.kind];
  const value = (data: bigint) => mem.newValue(kind, data, TypeId.StoreValue);
  switch (v.kind) {
    case 'String':
      return value(BigInt(mem.newString(v.value)));
    case 'Int':
      return value(BigInt.asUintN(64, BigInt(v.value)));
    case 'BigDecimal':
      return value(BigInt(newBigDecimal(mem, v.value)));
    case 'Bool':
      return value(v.value ? 1n : 0n);
    case 'Array':
      return value(
        BigInt(
          mem.newArray(
            v.value.map((x) => writeStoreValue(mem, x)),
            TypeId.ArrayStoreValue,
          ),
        ),
      );
    case 'Null':
      return value(0n);
    case 'Bytes':
      return value(BigInt(mem.newHex(v.value)));
    case 'BigInt':
      return value(BigInt(mem.newBigInt(v.value)));
    case 'Int8':
    case 'Timestamp':
      return value(BigInt.asUintN(64, v.value));
  }
}

/** An Entity is a TypedMap<string, Value>: {entries: Array<TypedMapEntry{key, value}>}. */
export function readEntity(mem: AscMemory, ptr: number): Entity {
  const entity: Entity = new Map();
  for (const entry of mem.readArray(mem.u32(ptr))) {
    entity.set(mem.readString(mem.u32(entry)), readStoreValue(mem, mem.u32(entry + 4)));
  }
  return entity;
}

export function writeEntity(mem: AscMemory, entity: Entity): number {
  const entries = [...entity].map(([k, v]) =>
    mem.newObject([mem.newString(k), writeStoreValue(mem, v)], TypeId.TypedMapEntryStringStoreValue),
  );
  return mem.newObject(
    [mem.newArray(entries, TypeId.ArrayTypedMapEntryStringStoreValue)],
    TypeId.TypedMapStringStoreValue,
  );
}
