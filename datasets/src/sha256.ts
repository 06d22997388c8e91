import { createHash } from 'node:crypto';

export type Hex = `0x${string}`;

/** SHA-256 of `bytes` as raw 32 bytes. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

/** SHA-256 of `bytes` as lowercase 0x-prefixed hex (the form used in manifests). */
export function sha256Hex(bytes: Uint8Array): Hex {
  return `0x${createHash('sha256').update(bytes).digest('hex')}`;
}

export function hexToBytes(hex: Hex): Uint8Array {
  return new Uint8Array(Buffer.from(hex.slice(2), 'hex'));
}

export function bytesToHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

const HASH_HEX = /^0x[0-9a-f]{64}$/;

export function isSha256Hex(value: unknown): value is Hex {
  return typeof value === 'string' && HASH_HEX.test(value);
}
