import { isWellFormedUtf16 } from '../prng/deriveKey';
import { CHECKPOINT_DTYPE } from './format';

/** One row of the header's tensor table. byteOffset is relative to the start of the data section. */
export interface HeaderTensorEntry {
  name: string;
  shape: number[];
  dtype: typeof CHECKPOINT_DTYPE;
  byteOffset: number;
  byteLength: number;
}

export interface CheckpointHeader {
  specHash: `0x${string}`;
  step: number;
  tensors: HeaderTensorEntry[];
  meta?: Record<string, string | number | boolean>;
}

const utf8 = new TextEncoder();

/** Bytewise comparison of the UTF-8 encodings (= code point order for well-formed strings). */
export function compareUtf8(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (x[i] !== y[i]) return x[i]! - y[i]!;
  }
  return x.length - y.length;
}

export function utf8ByteLength(s: string): number {
  return utf8.encode(s).length;
}

/** Strings go through JSON.stringify: RFC 8785 escaping (\" \\ \b \f \n \r \t, other C0 controls as \u00xx). */
function jsonString(s: string): string {
  if (!isWellFormedUtf16(s)) throw new Error('unreachable: strings are validated before serialization');
  return JSON.stringify(s);
}

/** Numbers: ECMAScript Number::toString, the shortest decimal that round-trips (RFC 8785 §3.2.2.3). */
function jsonNumber(n: number): string {
  return String(n);
}

/**
 * The one serialization of a header: fixed key order, no whitespace, meta keys sorted by UTF-8 bytes,
 * "meta" omitted when empty. Decoding re-serializes and compares bytes, so exactly one byte string
 * is accepted per state and the stateRoot is a function of the state alone.
 */
export function serializeHeader(header: CheckpointHeader): string {
  const tensors = header.tensors.map(
    (t) =>
      `{"name":${jsonString(t.name)},"shape":[${t.shape.map(jsonNumber).join(',')}],"dtype":"${CHECKPOINT_DTYPE}",` +
      `"byteOffset":${jsonNumber(t.byteOffset)},"byteLength":${jsonNumber(t.byteLength)}}`,
  );
  let out = `{"specHash":${jsonString(header.specHash)},"step":${jsonNumber(header.step)},"tensors":[${tensors.join(',')}]`;
  const meta = header.meta;
  if (meta !== undefined) {
    const keys = Object.keys(meta).sort(compareUtf8);
    if (keys.length > 0) {
      const entries = keys.map((k) => {
        const v = meta[k]!;
        const value =
          typeof v === 'string' ? jsonString(v) : typeof v === 'number' ? jsonNumber(v) : v ? 'true' : 'false';
        return `${jsonString(k)}:${value}`;
      });
      out += `,"meta":{${entries.join(',')}}`;
    }
  }
  return `${out}}`;
}
