import { CID } from 'multiformats/cid';
import { StorageError } from './storage-error';

/**
 * Parses a CID string as any store accepts it and returns it in the canonical text form (CIDv1, base32),
 * so that CIDs from different sources compare as strings. A CIDv0 (`Qm…`) parses, but can never verify
 * against canonical content: it names a dag-pb root with no raw leaves.
 */
export function parseCid(cid: string): CID {
  if (typeof cid !== 'string' || cid.length === 0) {
    throw new StorageError('INVALID_CID', `expected a CID string (e.g. bafk…), got ${JSON.stringify(cid)}`, { cid: String(cid) });
  }
  try {
    return CID.parse(cid.trim()).toV1();
  } catch (cause) {
    throw new StorageError('INVALID_CID', `"${cid}" is not a CID: expected a CIDv1 such as bafkrei… (${(cause as Error).message})`, {
      cid,
      cause,
    });
  }
}

export function canonicalCidString(cid: string): string {
  return parseCid(cid).toString();
}
