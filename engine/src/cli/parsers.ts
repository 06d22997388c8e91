import { InvalidArgumentError } from 'commander';

/** A positive safe integer flag value (`--steps 10`). */
export function positiveInteger(value: string): number {
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`expected a positive integer, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** A uint32 as decimal or 0x-hex (`--loss-bits 1075498328` or `--loss-bits 0x401b6a58`). */
export function uint32(value: string): number {
  const n = /^0x[0-9a-fA-F]{1,8}$/.test(value)
    ? parseInt(value.slice(2), 16)
    : /^(0|[1-9][0-9]*)$/.test(value)
      ? Number(value)
      : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new InvalidArgumentError(`expected a uint32 (decimal or 0x-hex), got ${JSON.stringify(value)}`);
  }
  return n;
}

/** A 32-byte hex root (`--state-root 0x…`), lowercased. */
export function root32(value: string): `0x${string}` {
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw new InvalidArgumentError(`expected 0x followed by 64 hex digits, got ${JSON.stringify(value)}`);
  }
  return value.toLowerCase() as `0x${string}`;
}

export function split(value: string): 'train' | 'test' {
  if (value !== 'train' && value !== 'test')
    throw new InvalidArgumentError(`expected "train" or "test", got ${JSON.stringify(value)}`);
  return value;
}
