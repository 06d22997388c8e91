import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import type { ImporterOptions } from 'ipfs-unixfs-importer';

/** Kubo's `--chunker=size-262144`: fixed 256 KiB chunks. */
export const CHUNK_SIZE_BYTES = 262_144;
/** Kubo's balanced-layout fan-out (`Import.UnixFSFileMaxLinks`, default 174). */
export const MAX_CHILDREN_PER_NODE = 174;

/** The one way content is added anywhere in veritrain, written as the Kubo command that reproduces it. */
export const CANONICAL_ADD_COMMAND = 'ipfs add --cid-version=1 --raw-leaves --chunker=size-262144';

/**
 * The canonical add parameters as the options Kubo's RPC `add` takes (kubo-rpc-client spelling). Every one
 * is explicit, never a default: Kubo, js-ipfs and Helia differ in their defaults (and newer Kubo profiles
 * use 1 MiB chunks), and any difference changes the CID of a multi-chunk file.
 */
export const KUBO_ADD_OPTIONS = {
  cidVersion: 1,
  rawLeaves: true,
  chunker: `size-${CHUNK_SIZE_BYTES}`,
  hashAlg: 'sha2-256',
  trickle: false,
  wrapWithDirectory: false,
} as const;

/**
 * The same parameters for ipfs-unixfs-importer (which Helia's unixfs uses): CIDv1, raw leaves, fixed
 * 256 KiB chunks, balanced DAG of at most 174 links per node, a single-chunk file reduced to its raw leaf,
 * no mode or mtime. Built fresh per call because the chunker and layout are stateful closures.
 */
export function canonicalImporterOptions(): ImporterOptions {
  return {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: CHUNK_SIZE_BYTES }),
    layout: balanced({ maxChildrenPerNode: MAX_CHILDREN_PER_NODE }),
    wrapWithDirectory: false,
  };
}
