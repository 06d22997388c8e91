import { BlackHoleBlockstore } from 'blockstore-core';
import { importBytes } from 'ipfs-unixfs-importer';
import { canonicalImporterOptions } from './cidParameters';

/**
 * The CID that `ipfs add --cid-version=1 --raw-leaves --chunker=size-262144` prints for `bytes`
 * (CIDv1, base32), computed offline. The blocks are built and hashed but thrown away: only the root
 * CID is wanted, so memory stays at one chunk plus the link tree.
 */
export async function cidOf(bytes: Uint8Array): Promise<string> {
  const { cid } = await importBytes(bytes, new BlackHoleBlockstore(), canonicalImporterOptions());
  return cid.toV1().toString();
}
