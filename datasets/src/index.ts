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
export { shardsCid } from './shardsCid';
export type { BuiltDataset } from './assembleManifest';
export { loadMnist, MNIST_MANIFEST_PATH, type LoadOptions, type MnistDataset, type MnistSplit } from './mnist/load';
export { buildMnist } from './mnist/buildMnist';
export { loadKjv, KJV_MANIFEST_PATH, type TextDataset } from './kjv/load';
export { buildKjv } from './kjv/buildKjv';
export { encodeText, decodeTokens } from './kjv/tokens';
