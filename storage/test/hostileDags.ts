import * as dagPb from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';

/** A block as an attacker would publish it: its CID is honest (it hashes), what it declares need not be. */
export type Block = { cid: CID; bytes: Uint8Array };

export async function rawBlock(bytes: Uint8Array): Promise<Block> {
  return { cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes };
}

/** A UnixFS file node linking `children`, declaring `blockSizes` for them (true or not) and optional inline data. */
export async function fileNode(
  children: CID[],
  blockSizes: bigint[],
  options: { data?: Uint8Array; type?: 'file' | 'directory' } = {},
): Promise<Block> {
  const unixfs = new UnixFS({ type: options.type ?? 'file', ...(options.data ? { data: options.data } : {}) });
  for (const size of blockSizes) unixfs.addBlockSize(size);
  const bytes = dagPb.encode(dagPb.prepare({ Data: unixfs.marshal(), Links: children.map((Hash) => ({ Hash })) }));
  return { cid: CID.createV1(dagPb.code, await sha256.digest(bytes)), bytes };
}

/**
 * The "diamond": three blocks that name a file of 174^levels × 256 KiB (7.9 GB for two levels) by linking the
 * same child 174 times at each level. Every size it declares is consistent, so only a bound on the declared
 * total stops it.
 */
export async function diamondDag(levels: number): Promise<{ root: CID; blocks: Block[]; declaredBytes: bigint }> {
  const leaf = await rawBlock(new Uint8Array(262_144).fill(7));
  const blocks: Block[] = [leaf];
  let child = leaf.cid;
  let size = 262_144n;
  for (let i = 0; i < levels; i++) {
    const node = await fileNode(Array(174).fill(child), Array(174).fill(size));
    blocks.push(node);
    child = node.cid;
    size *= 174n;
  }
  return { root: child, blocks, declaredBytes: size };
}

/** A root that declares 1 MiB (four 256 KiB children) but whose children are diamond nodes declaring far more. */
export async function lyingRootDag(): Promise<{ root: CID; blocks: Block[] }> {
  const diamond = await diamondDag(1);
  const root = await fileNode(Array(4).fill(diamond.root), Array(4).fill(262_144n));
  return { root: root.cid, blocks: [...diamond.blocks, root] };
}
