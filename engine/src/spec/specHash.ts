import { keccak_256 } from '@noble/hashes/sha3';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { canonicalRunSpec } from './canonicalRunSpec';
import type { Hex, RunSpec } from './runSpec';

/** keccak256 of the UTF-8 canonical run-spec JSON, as 0x + 64 lowercase hex digits (docs/architecture.md §3.1). */
export function specHash(spec: RunSpec): Hex {
  return `0x${bytesToHex(keccak_256(utf8ToBytes(canonicalRunSpec(spec))))}`;
}
