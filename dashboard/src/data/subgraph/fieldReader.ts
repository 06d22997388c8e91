import { getAddress, isAddress, type Address, type Hex } from 'viem';
import { SubgraphSourceError } from './subgraphSourceError';

/**
 * Reads one entity of a GraphQL answer, field by field, with the scalar conventions of graph-node (BigInt and
 * BigDecimal as decimal strings, Bytes as 0x-hex, relations as `{ id }`). A field that does not match fails with
 * a message naming it (`submissions[3].lossBits[1]`) and what was expected.
 */
export class FieldReader {
  constructor(
    private readonly o: Record<string, unknown>,
    readonly path: string,
  ) {}

  static of(value: unknown, path: string): FieldReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(path, 'an object', value);
    return new FieldReader(value as Record<string, unknown>, path);
  }

  /** An optional field that is unset: GraphQL answers null for it (a missing key is still malformed). Gives undefined. */
  private absent(name: string): undefined {
    this.raw(name, true);
    return undefined;
  }

  private raw(name: string, optional: boolean): unknown {
    const v = this.o[name];
    if (v === undefined || (v === null && !optional)) throw malformed(`${this.path}.${name}`, 'a value', v);
    return v;
  }

  has(name: string): boolean {
    return this.o[name] !== undefined && this.o[name] !== null;
  }

  string(name: string): string {
    const v = this.raw(name, false);
    if (typeof v !== 'string') throw malformed(`${this.path}.${name}`, 'a string', v);
    return v;
  }

  optionalString(name: string): string | undefined {
    return this.has(name) ? this.string(name) : this.absent(name);
  }

  bigint(name: string): bigint {
    return toBigint(this.raw(name, false), `${this.path}.${name}`);
  }

  optionalBigint(name: string): bigint | undefined {
    return this.has(name) ? this.bigint(name) : this.absent(name);
  }

  /** A BigInt that the dashboard shows as a number (steps, ids, seconds: all far below 2^53). */
  number(name: string): number {
    const v = this.bigint(name);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < 0n)
      throw malformed(`${this.path}.${name}`, 'a non-negative integer below 2^53', String(v));
    return Number(v);
  }

  optionalNumber(name: string): number | undefined {
    return this.has(name) ? this.number(name) : this.absent(name);
  }

  int(name: string): number {
    const v = this.raw(name, false);
    if (typeof v !== 'number' || !Number.isInteger(v)) throw malformed(`${this.path}.${name}`, 'an integer', v);
    return v;
  }

  optionalInt(name: string): number | undefined {
    return this.has(name) ? this.int(name) : this.absent(name);
  }

  boolean(name: string): boolean {
    const v = this.raw(name, false);
    if (typeof v !== 'boolean') throw malformed(`${this.path}.${name}`, 'a boolean', v);
    return v;
  }

  optionalBoolean(name: string): boolean | undefined {
    return this.has(name) ? this.boolean(name) : this.absent(name);
  }

  hex(name: string): Hex {
    const v = this.string(name);
    if (!/^0x([0-9a-fA-F]{2})*$/.test(v)) throw malformed(`${this.path}.${name}`, '0x-prefixed hex bytes', v);
    return v.toLowerCase() as Hex;
  }

  optionalHex(name: string): Hex | undefined {
    return this.has(name) ? this.hex(name) : this.absent(name);
  }

  address(name: string): Address {
    const v = this.string(name);
    if (!isAddress(v, { strict: false })) throw malformed(`${this.path}.${name}`, 'an address', v);
    return getAddress(v);
  }

  optionalAddress(name: string): Address | undefined {
    return this.has(name) ? this.address(name) : this.absent(name);
  }

  /** The id of a relation field queried as `field { id }`. */
  relationId(name: string): string {
    return FieldReader.of(this.raw(name, false), `${this.path}.${name}`).string('id');
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const v = this.string(name);
    if (!values.includes(v as T)) throw malformed(`${this.path}.${name}`, `one of ${values.join(', ')}`, v);
    return v as T;
  }

  optionalOneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    return this.has(name) ? this.oneOf(name, values) : this.absent(name);
  }

  optionalBigintList(name: string): bigint[] | undefined {
    if (!this.has(name)) return this.absent(name);
    const v = this.raw(name, false);
    if (!Array.isArray(v)) throw malformed(`${this.path}.${name}`, 'a list', v);
    return v.map((x, i) => toBigint(x, `${this.path}.${name}[${i}]`));
  }
}

function toBigint(v: unknown, path: string): bigint {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw malformed(path, 'a decimal integer string (BigInt)', v);
}

export function malformed(path: string, expected: string, got: unknown): SubgraphSourceError {
  return new SubgraphSourceError(
    'malformed',
    `malformed subgraph answer: ${path} must be ${expected}, got ${JSON.stringify(got) ?? 'undefined'}`,
  );
}
