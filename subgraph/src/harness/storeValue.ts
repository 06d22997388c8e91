/** A graph-ts store value (common/value.ts ValueKind), held in JS. Bytes are lowercase 0x-hex. */
export type StoreValue =
  | { kind: 'String'; value: string }
  | { kind: 'Int'; value: number }
  | { kind: 'BigDecimal'; value: string }
  | { kind: 'Bool'; value: boolean }
  | { kind: 'Array'; value: StoreValue[] }
  | { kind: 'Null' }
  | { kind: 'Bytes'; value: `0x${string}` }
  | { kind: 'BigInt'; value: bigint }
  | { kind: 'Int8'; value: bigint }
  | { kind: 'Timestamp'; value: bigint };

/** The ValueKind numbers of graph-ts (store values). */
export const STORE_KIND = {
  String: 0,
  Int: 1,
  BigDecimal: 2,
  Bool: 3,
  Array: 4,
  Null: 5,
  Bytes: 6,
  BigInt: 7,
  Int8: 8,
  Timestamp: 9,
} as const;

export type Entity = Map<string, StoreValue>;

/** A plain JS view of a store value: bigint, number, string (Bytes hex, BigDecimal digits), boolean, null, arrays. */
export type PlainValue = string | number | boolean | bigint | null | PlainValue[];

export function plainValue(v: StoreValue): PlainValue {
  switch (v.kind) {
    case 'Null':
      return null;
    case 'Array':
      return v.value.map(plainValue);
    default:
      return v.value;
  }
}

export function plainEntity(e: Entity): Record<string, PlainValue> {
  return Object.fromEntries([...e].map(([k, v]) => [k, plainValue(v)]));
}
