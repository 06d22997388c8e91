import { readFileSync } from 'node:fs';
import { DatasetError } from './errors';
import { datasetRoot } from './merkle';
import { isSha256Hex, type Hex } from './sha256';

export type SplitName = 'train' | 'test';

export interface ShardEntry {
  /** File name inside the shard directory (the directory whose CID is `shardsCid`). */
  file: string;
  split: SplitName;
  bytes: number;
  sha256: Hex;
  /** Examples (MNIST records) or tokens (text) in this shard. */
  examples: number;
}

export interface SplitSummary {
  /** Examples (MNIST) or tokens (text) in the split. */
  examples: number;
  shards: number;
  /** MNIST only: examples per label 0..9. */
  classCounts?: number[];
}

/** MNIST: fixed-size records `label:u8 || pixels:u8[784]`. */
export interface ImageClassificationEncoding {
  kind: 'image-classification';
  recordBytes: number;
  record: string;
  imageWidth: number;
  imageHeight: number;
  numClasses: number;
  pixel: string;
  order: string;
}

/** Text: one uint8 token id per character; id = index of the character in `vocab`. */
export interface CharTokenEncoding {
  kind: 'char-tokens';
  tokenBytes: 1;
  vocabSize: number;
  /** The characters in id order (sorted by code point). */
  vocab: string;
  normalisation: string;
}

/** Options under which Kubo's `ipfs add -r` gives `shardsCid` for the shard directory. */
export interface IpfsAddParameters {
  command: string;
  cidVersion: 1;
  rawLeaves: true;
  chunkSizeBytes: number;
  layout: 'balanced';
  maxChildrenPerNode: number;
}

export interface SourceFile {
  path: string;
  bytes: number;
  sha256: Hex;
}

export interface SourceProvenance {
  description: string;
  origin: string;
  license: string;
  files: SourceFile[];
}

export interface DatasetManifest {
  name: string;
  /** Manifest format version. */
  version: number;
  /** Merkle root of `shards[*].sha256` in this order (see merkle.ts and docs/datasets.md). */
  datasetRoot: Hex;
  merkle: string;
  /** CIDv1 of the directory holding every shard file, as Kubo computes it with `ipfs`. */
  shardsCid: string;
  ipfs: IpfsAddParameters;
  split: { rule: string; train: SplitSummary; test: SplitSummary };
  encoding: ImageClassificationEncoding | CharTokenEncoding;
  shards: ShardEntry[];
  source: SourceProvenance;
}

export const MANIFEST_VERSION = 1;

/** Canonical text of a manifest: 2-space JSON in field order, LF, trailing newline. */
export function serializeManifest(manifest: DatasetManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Reads and checks a committed manifest: the fields loaders rely on are present and well formed, and
 * datasetRoot is the Merkle root of the listed shard hashes.
 */
export function readManifest(path: string, expectedName: string): DatasetManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DatasetError(
      'DATASET_MANIFEST_INVALID',
      `cannot read manifest ${path}: expected the committed ${expectedName} manifest`,
      {
        details: { path },
        cause,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new DatasetError('DATASET_MANIFEST_INVALID', `manifest ${path} is not valid JSON`, {
      details: { path },
      cause,
    });
  }
  return checkManifest(value, path, expectedName);
}

export function checkManifest(value: unknown, path: string, expectedName: string): DatasetManifest {
  const fail = (what: string): never => {
    throw new DatasetError('DATASET_MANIFEST_INVALID', `manifest ${path}: ${what}`, { details: { path } });
  };
  if (typeof value !== 'object' || value === null) fail('expected a JSON object');
  const m = value as Partial<DatasetManifest>;
  if (m.name !== expectedName) fail(`name is ${JSON.stringify(m.name)}, expected ${JSON.stringify(expectedName)}`);
  if (m.version !== MANIFEST_VERSION) fail(`version is ${JSON.stringify(m.version)}, expected ${MANIFEST_VERSION}`);
  if (!isSha256Hex(m.datasetRoot)) fail('datasetRoot must be 0x + 64 lowercase hex digits');
  if (typeof m.shardsCid !== 'string' || !m.shardsCid.startsWith('baf')) fail('shardsCid must be a CIDv1 string');
  if (typeof m.encoding !== 'object' || m.encoding === null) fail('encoding is missing');
  if (!Array.isArray(m.shards) || m.shards.length === 0) fail('shards must be a non-empty array');
  const names = new Set<string>();
  m.shards!.forEach((shard: Partial<ShardEntry>, i) => {
    if (typeof shard.file !== 'string' || !/^[a-z0-9-]+\.bin$/.test(shard.file) || names.has(shard.file)) {
      fail(`shards[${i}].file must be a unique name like train-000.bin`);
    }
    names.add(shard.file!);
    if (shard.split !== 'train' && shard.split !== 'test') fail(`shards[${i}].split must be "train" or "test"`);
    if (!Number.isSafeInteger(shard.bytes) || shard.bytes! <= 0) fail(`shards[${i}].bytes must be a positive integer`);
    if (!Number.isSafeInteger(shard.examples) || shard.examples! <= 0)
      fail(`shards[${i}].examples must be a positive integer`);
    if (!isSha256Hex(shard.sha256)) fail(`shards[${i}].sha256 must be 0x + 64 lowercase hex digits`);
  });
  const manifest = m as DatasetManifest;
  const root = datasetRoot(manifest.shards.map((s) => s.sha256));
  if (root !== manifest.datasetRoot) {
    throw new DatasetError(
      'DATASET_ROOT_MISMATCH',
      `manifest ${path}: datasetRoot is ${manifest.datasetRoot}, but the Merkle root of its shard hashes is ${root}`,
      { details: { path, expected: manifest.datasetRoot, actual: root } },
    );
  }
  return manifest;
}
