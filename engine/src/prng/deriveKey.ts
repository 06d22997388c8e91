import { sha256 } from '@noble/hashes/sha2.js';
import { EngineError } from '../errors';
import type { PrngKey } from './philox';

/** Domain-separation tag that starts every key-derivation preimage; bump the suffix to change the scheme. */
export const PRNG_KEY_TAG = 'veritrain/prng/v1';

const SEED_LIMIT = 1n << 64n;
const utf8 = new TextEncoder();

/**
 * The Philox key of one named stream of a run:
 *   d = SHA-256( utf8("veritrain/prng/v1") || uint64_le(seed) || utf8(domain) )
 *   key = [uint32_le(d[0..4]), uint32_le(d[4..8])]
 * The tag and the seed have fixed lengths, so the preimage determines (seed, domain) uniquely.
 * Streams of different domains are independent for practical purposes; the same (seed, domain)
 * always gives the same stream, which is what makes every random draw recomputable.
 */
export function deriveKey(seed: bigint, domain: string): PrngKey {
  if (typeof seed !== 'bigint' || seed < 0n || seed >= SEED_LIMIT) {
    throw new EngineError('INVALID_ARGUMENT', `seed must be a bigint with 0 <= seed < 2^64, got ${String(seed)}`, {
      details: { argument: 'seed', value: String(seed) },
    });
  }
  if (typeof domain !== 'string' || !isWellFormedUtf16(domain)) {
    // A lone surrogate would be encoded as U+FFFD, so two different domains could share one key.
    throw new EngineError('INVALID_ARGUMENT', 'domain must be a string without lone surrogates', {
      details: { argument: 'domain' },
    });
  }
  const tag = utf8.encode(PRNG_KEY_TAG);
  const domainBytes = utf8.encode(domain);
  const preimage = new Uint8Array(tag.length + 8 + domainBytes.length);
  preimage.set(tag, 0);
  const view = new DataView(preimage.buffer);
  view.setBigUint64(tag.length, seed, true);
  preimage.set(domainBytes, tag.length + 8);
  const digest = sha256(preimage);
  const digestView = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
  return [digestView.getUint32(0, true), digestView.getUint32(4, true)];
}

/** True when `s` has no unpaired UTF-16 surrogate (so its UTF-8 encoding is injective). */
export function isWellFormedUtf16(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}
