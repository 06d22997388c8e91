/**
 * Canonical JSON: object keys sorted by UTF-16 code units (JavaScript's default sort), no whitespace,
 * strings as JSON.stringify writes them, integers as decimal. Non-integer numbers must arrive as
 * `RawNumber` so the caller decides their text (float32 hyperparameters use float32Decimal).
 */
export class RawNumber {
  constructor(readonly text: string) {}
}

export type CanonicalValue =
  | string
  | number
  | boolean
  | null
  | RawNumber
  | CanonicalValue[]
  | { [key: string]: CanonicalValue };

export function canonicalJson(value: CanonicalValue): string {
  if (value instanceof RawNumber) return value.text;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`canonicalJson: ${value} is not a safe integer; pass non-integers as RawNumber`);
    }
    return String(value === 0 ? 0 : value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as CanonicalValue)}`).join(',')}}`;
}
