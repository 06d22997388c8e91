export { DatasetError, type DatasetErrorCode } from './errors';
export type {
  CharTokenEncoding,
  DatasetManifest,
  ImageClassificationEncoding,
  IpfsAddParameters,
  ShardEntry,
  SourceFile,
  SourceProvenance,
  SplitName,
  SplitSummary,
} from './manifest';
export { readManifest, serializeManifest } from './manifest';
export { datasetRoot } from './merkle';
export type { Hex } from './sha256';
export { shardsCid } from './shards-cid';
export type { BuiltDataset } from './assemble-manifest';
export { loadMnist, MNIST_MANIFEST_PATH, type LoadOptions, type MnistDataset, type MnistSplit } from './mnist/load';
export { buildMnist } from './mnist/build-mnist';
export { loadKjv, KJV_MANIFEST_PATH, type TextDataset } from './kjv/load';
export { buildKjv } from './kjv/build-kjv';
export { encodeText, decodeTokens } from './kjv/tokens';
