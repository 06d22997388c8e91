import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MANIFEST_VERSION,
  type CharTokenEncoding,
  type DatasetManifest,
  type ImageClassificationEncoding,
  type ShardEntry,
  type SourceProvenance,
  type SplitSummary,
} from './manifest';
import { datasetRoot } from './merkle';
import type { ShardFiles } from './shardCache';
import { IPFS_ADD_PARAMETERS, shardsCid } from './shardsCid';

export const MERKLE_RULE =
  'binary SHA-256 Merkle tree over shards[*].sha256 in manifest order: leaf = sha256(0x00 || shardHash), node = sha256(0x01 || left || right), odd last node promoted unchanged';

export interface BuiltDataset {
  manifest: DatasetManifest;
  /** Shard bytes by file name. */
  files: ShardFiles;
}

/** Puts a built dataset's parts into manifest field order and adds the datasetRoot and shard CID. */
export async function assembleManifest(parts: {
  name: string;
  split: { rule: string; train: SplitSummary; test: SplitSummary };
  encoding: ImageClassificationEncoding | CharTokenEncoding;
  shards: ShardEntry[];
  files: ShardFiles;
  source: SourceProvenance;
}): Promise<DatasetManifest> {
  return {
    name: parts.name,
    version: MANIFEST_VERSION,
    datasetRoot: datasetRoot(parts.shards.map((s) => s.sha256)),
    merkle: MERKLE_RULE,
    shardsCid: await shardsCid(parts.files),
    ipfs: IPFS_ADD_PARAMETERS,
    split: parts.split,
    encoding: parts.encoding,
    shards: parts.shards,
    source: parts.source,
  };
}

/** Writes every shard into `outDir` (the directory `ipfs add -r` would be given). */
export function writeShards(files: ShardFiles, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(join(outDir, name), bytes);
}
