import { bytesToHex, hexToBytes, type Hex } from 'viem';
import { ProtocolError } from '../errors';

const scratch = new DataView(new ArrayBuffer(4));

/** The IEEE-754 binary32 bits of a float32 value (the value is rounded to float32 first). */
export function float32ToBits(value: number): number {
  scratch.setFloat32(0, value);
  return scratch.getUint32(0);
}

/** The float32 value of 32 bits. */
export function bitsToFloat32(bits: number): number {
  scratch.setUint32(0, bits >>> 0);
  return scratch.getFloat32(0);
}

/** Packs loss bits as the `losses` argument of Coordinator.submit: k big-endian uint32s. */
export function packLosses(lossBits: readonly number[]): Hex {
  const out = new Uint8Array(4 * lossBits.length);
  const view = new DataView(out.buffer);
  lossBits.forEach((bits, i) => {
    if (!Number.isInteger(bits) || bits < 0 || bits > 0xffffffff) {
      throw new ProtocolError('INVALID_LOSSES', `lossBits[${i}] must be a uint32, got ${bits}`, {
        details: { index: i, bits },
      });
    }
    view.setUint32(4 * i, bits);
  });
  return bytesToHex(out);
}

/** Unpacks the `losses` bytes of a Submitted event into loss bits. */
export function unpackLosses(losses: Hex): number[] {
  const bytes = hexToBytes(losses);
  if (bytes.length % 4 !== 0) {
    throw new ProtocolError('INVALID_LOSSES', `losses must be a multiple of 4 bytes, got ${bytes.length}`, {
      details: { bytes: bytes.length },
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 4 }, (_, i) => view.getUint32(4 * i));
}
