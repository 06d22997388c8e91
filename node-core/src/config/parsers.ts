import { getAddress, isAddress, parseUnits, type Address } from 'viem';
import { ValueError, type Parser, type RawValue } from './optionSpec';

function text(raw: RawValue, expected: string): string {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  throw new ValueError(expected);
}

/** A positive safe integer; `unit` completes the message ("a positive integer number of seconds"). */
export function positiveInteger(unit?: string): Parser<number> {
  const expected = unit ? `a positive integer number of ${unit}` : 'a positive integer';
  return (raw) => {
    const s = text(raw, expected);
    if (!/^[1-9][0-9]*$/.test(s) || !Number.isSafeInteger(Number(s))) throw new ValueError(expected);
    return Number(s);
  };
}

/** A non-negative safe integer (0 allowed). */
export function nonNegativeInteger(unit?: string): Parser<number> {
  const expected = unit ? `a non-negative integer number of ${unit}` : 'a non-negative integer';
  return (raw) => {
    const s = text(raw, expected);
    if (!/^(0|[1-9][0-9]*)$/.test(s) || !Number.isSafeInteger(Number(s))) throw new ValueError(expected);
    return Number(s);
  };
}

/** A finite decimal number in [min, max]. */
export function decimalNumber(min: number, max: number): Parser<number> {
  const expected = `a decimal number in [${min}, ${max}]`;
  return (raw) => {
    const s = text(raw, expected);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) throw new ValueError(expected);
    const n = Number(s);
    if (!Number.isFinite(n) || n < min || n > max) throw new ValueError(expected);
    return n;
  };
}

/** A TCP port, 0 (let the OS pick) to 65535. */
export const port: Parser<number> = (raw) => {
  const expected = 'a TCP port number (0-65535)';
  const s = text(raw, expected);
  if (!/^(0|[1-9][0-9]{0,4})$/.test(s) || Number(s) > 65535) throw new ValueError(expected);
  return Number(s);
};

/** An http(s) or ws(s) URL. */
export const rpcUrl: Parser<string> = (raw) => {
  const expected = 'an http(s):// or ws(s):// URL';
  const s = text(raw, expected);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new ValueError(expected);
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) throw new ValueError(expected);
  return s;
};

/** An http(s) URL (an API endpoint). */
export const httpUrl: Parser<string> = (raw) => {
  const expected = 'an http(s):// URL';
  const s = text(raw, expected);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw new ValueError(expected);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValueError(expected);
  return s;
};

/** A comma-separated list (or a JSON array in a config file) of non-empty strings. */
export function list(what: string): Parser<string[]> {
  const expected = `a comma-separated list of ${what}`;
  return (raw) => {
    const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
    if (items === null || items.some((i) => typeof i !== 'string')) throw new ValueError(expected);
    const out = (items as string[]).map((i) => i.trim()).filter((i) => i !== '');
    if (out.length === 0) throw new ValueError(expected);
    return out;
  };
}

/** A 20-byte address, returned checksummed. */
export const address: Parser<Address> = (raw) => {
  const expected = 'an address (0x followed by 40 hex digits)';
  const s = text(raw, expected);
  if (!isAddress(s, { strict: false })) throw new ValueError(expected);
  return getAddress(s);
};

/** A non-empty file-system path, as given (resolved against the working directory by its user). */
export const path: Parser<string> = (raw) => {
  const expected = 'a non-empty path';
  const s = text(raw, expected);
  if (s === '') throw new ValueError(expected);
  return s;
};

/** One of a fixed set of words. */
export function oneOf<const T extends string>(choices: readonly T[]): Parser<T> {
  const expected = `one of ${choices.map((c) => `'${c}'`).join(', ')}`;
  return (raw) => {
    const s = text(raw, expected);
    if (!(choices as readonly string[]).includes(s)) throw new ValueError(expected);
    return s as T;
  };
}

/** true/false (also 1/0, yes/no) from env and file; a present switch is `true`. */
export const boolean: Parser<boolean> = (raw) => {
  if (typeof raw === 'boolean') return raw;
  const expected = 'true or false';
  const s = text(raw, expected).toLowerCase();
  if (['true', '1', 'yes'].includes(s)) return true;
  if (['false', '0', 'no'].includes(s)) return false;
  throw new ValueError(expected);
};

/**
 * An amount in the token's base units (wei): a non-negative integer, or a decimal with a unit suffix
 * (`1ether`, `0.5 ether`, `2gwei`); for the reward token `ether` means 10^18 base units as well.
 */
export function amountWei(max: bigint): Parser<bigint> {
  const expected = `an amount in wei (an integer, or a decimal with 'ether' or 'gwei', e.g. '0.5ether') at most ${max}`;
  return (raw) => {
    const s = text(raw, expected).replace(/\s+/g, '');
    let value: bigint;
    const m = /^(\d+(?:\.\d+)?)(ether|eth|gwei|wei)?$/i.exec(s);
    if (!m) throw new ValueError(expected);
    const unit = (m[2] ?? 'wei').toLowerCase();
    const decimals = unit === 'ether' || unit === 'eth' ? 18 : unit === 'gwei' ? 9 : 0;
    if (decimals === 0 && m[1]!.includes('.')) throw new ValueError(expected);
    try {
      value = parseUnits(m[1]!, decimals);
    } catch {
      throw new ValueError(expected);
    }
    if ((m[1]!.split('.')[1]?.length ?? 0) > decimals) throw new ValueError(expected);
    if (value > max) throw new ValueError(expected);
    return value;
  };
}

/** A decimal uint64 as a canonical string (seeds). */
export const uint64String: Parser<string> = (raw) => {
  const expected = 'an unsigned 64-bit integer';
  const s = text(raw, expected);
  if (!/^(0|[1-9][0-9]*)$/.test(s) || BigInt(s) >= 1n << 64n) throw new ValueError(expected);
  return s;
};

/** A comma-separated list of positive integers, e.g. `784,128,10`. */
export function positiveIntegerList(minLength: number): Parser<number[]> {
  const expected = `a comma-separated list of at least ${minLength} positive integers (e.g. 784,128,10)`;
  return (raw) => {
    const parts = Array.isArray(raw)
      ? raw.map(String)
      : text(raw, expected)
          .split(',')
          .map((p) => p.trim());
    if (parts.length < minLength || parts.some((p) => !/^[1-9][0-9]*$/.test(p) || !Number.isSafeInteger(Number(p)))) {
      throw new ValueError(expected);
    }
    return parts.map(Number);
  };
}
