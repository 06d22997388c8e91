import type { IpfsAddParameters } from './manifest';
import type { ShardFiles } from './shardCache';

export const CHUNK_SIZE_BYTES = 262_144;
export const MAX_CHILDREN_PER_NODE = 174;

export const IPFS_ADD_PARAMETERS: IpfsAddParameters = {
  command: 'ipfs add -r --cid-version=1 --raw-leaves --chunker=size-262144 <shard directory>',
  cidVersion: 1,
  rawLeaves: true,
  chunkSizeBytes: CHUNK_SIZE_BYTES,
  layout: 'balanced',
  maxChildrenPerNode: MAX_CHILDREN_PER_NODE,
};

/**
 * The CID that Kubo's `ipfs add -r --cid-version=1 --raw-leaves --chunker=size-262144` prints for a
 * directory holding exactly `files`, computed offline. Every option is explicit because the importer's
 * defaults (and Helia's profiles) change between versions and give other CIDs for multi-chunk files:
 * raw leaves, 256 KiB fixed chunks, balanced DAG of at most 174 links per node, single-chunk files
 * reduced to their raw leaf, plain (non-HAMT) directory under the 256 KiB link-bytes estimate, no
 * mode/mtime. The importer is loaded lazily: loaders never need it, only builds and tests.
 */
export async function shardsCid(files: ShardFiles): Promise<string> {
  const [{ importer }, { fixedSize }, { balanced }, { MemoryBlockstore }] = await Promise.all([
    import('ipfs-unixfs-importer'),
    import('ipfs-unixfs-importer/chunker'),
    import('ipfs-unixfs-importer/layout'),
    import('blockstore-core'),
  ]);
  const DIR = 'shards';
  const names = [...files.keys()].sort();
  const entries = names.map((name) => ({ path: `${DIR}/${name}`, content: files.get(name)! }));
  let root: string | undefined;
  for await (const entry of importer(entries, new MemoryBlockstore(), {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: CHUNK_SIZE_BYTES }),
    layout: balanced({ maxChildrenPerNode: MAX_CHILDREN_PER_NODE }),
    shardSplitThresholdBytes: 262_144,
    shardSplitStrategy: 'links-bytes',
    fieldOrder: 'links-first',
    wrapWithDirectory: false,
  })) {
    if (entry.path === DIR) root = entry.cid.toString();
  }
  if (root === undefined) throw new Error('ipfs-unixfs-importer yielded no directory entry');
  return root;
}
