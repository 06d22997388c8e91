import { cidOf } from './cidOf';
import { StorageError } from './storageError';

/**
 * Recomputes the canonical CID of `bytes` and throws CID_MISMATCH unless it equals `expectedCid`
 * (canonical form). The whole content is re-imported rather than checking blocks one by one, so the check
 * does not depend on how the bytes were transported or on which node's blockstore validated what.
 */
export async function verifyContent(expectedCid: string, bytes: Uint8Array, source: string): Promise<void> {
  const actual = await cidOf(bytes);
  if (actual !== expectedCid) {
    throw new StorageError(
      'CID_MISMATCH',
      `content of ${expectedCid} from ${source} does not match its CID: ${bytes.byteLength} bytes hash to ${actual} with ` +
        `the canonical parameters (CIDv1, raw leaves, 256 KiB chunks, balanced); refusing to return them`,
      { cid: expectedCid, endpoint: source },
    );
  }
}
