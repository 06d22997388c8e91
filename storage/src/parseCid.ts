import { CID } from 'multiformats/cid';
import { StorageError } from './storageError';

/**
 * The longest CID text accepted, in characters: a CIDv1 of a sha2-256 multihash is 59 characters in base32 and
 * 49 in base58, and even a 64-byte digest in base32 fits; the Coordinator bounds `checkpointCid` to the same
 * 128 bytes on chain. The bound is checked before decoding, because multibase decoding (base58 above all) is
 * quadratic in the length: an unbounded 1 MB "CID" would hold the event loop for over a minute.
 */
export const MAX_CID_LENGTH = 128;

/** At most this much of a bad input is quoted in a message. */
const SHOWN_CHARACTERS = 80;

function shown(text: string): string {
  return JSON.stringify(text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}…` : text);
}

/**
 * Parses a CID string as any store accepts it and returns it in the canonical text form (CIDv1, base32),
 * so that CIDs from different sources compare as strings. A CIDv0 (`Qm…`) parses, but can never verify
 * against canonical content: it names a dag-pb root with no raw leaves. Linear in the input: anything longer
 * than {@link MAX_CID_LENGTH} characters is refused without being decoded.
 */
export function parseCid(cid: string): CID {
  if (typeof cid !== 'string' || cid.length === 0) {
    throw new StorageError(
      'INVALID_CID',
      `expected a CID string (e.g. bafk…), got ${typeof cid === 'string' ? '""' : typeof cid}`,
      { cid: String(cid).slice(0, SHOWN_CHARACTERS) },
    );
  }
  const text = cid.length > 2 * MAX_CID_LENGTH ? cid : cid.trim();
  if (text.length > MAX_CID_LENGTH) {
    throw new StorageError(
      'INVALID_CID',
      `${shown(cid)} (${cid.length} characters) is not a CID: expected at most ${MAX_CID_LENGTH} characters`,
      {
        cid: cid.slice(0, SHOWN_CHARACTERS),
      },
    );
  }
  let parsed: CID;
  try {
    parsed = CID.parse(text).toV1();
  } catch (cause) {
    throw new StorageError(
      'INVALID_CID',
      `${shown(cid)} is not a CID: expected a CIDv1 such as bafkrei… (${(cause as Error).message})`,
      {
        cid,
        cause,
      },
    );
  }
  // Every CID that add makes hashes with sha2-256; a node can verify no other (an identity "hash" would even
  // carry its content in the CID).
  if (parsed.multihash.code !== SHA2_256 || parsed.multihash.size !== 32) {
    throw new StorageError(
      'INVALID_CID',
      `${shown(cid)} uses multihash 0x${parsed.multihash.code.toString(16)}: expected sha2-256 (0x12, 32 bytes), what add makes`,
      { cid },
    );
  }
  return parsed;
}

const SHA2_256 = 0x12;

export function canonicalCidString(cid: string): string {
  return parseCid(cid).toString();
}
