import type { ImageClassificationEncoding, ShardEntry, SplitName, SplitSummary } from '../manifest';
import type { ShardFiles } from '../shardCache';
import { sha256Hex } from '../sha256';
import { MNIST_CLASSES, MNIST_IMAGE_BYTES, type MnistSource } from './source';
import { splitMnist, type ExampleRef } from './split';

export const MNIST_TEST_EXAMPLES = 2000;
export const MNIST_EXAMPLES_PER_SHARD = 1000;
/** A record is the label byte followed by the image's 784 pixel bytes. */
export const MNIST_RECORD_BYTES = 1 + MNIST_IMAGE_BYTES;

export const MNIST_ENCODING: ImageClassificationEncoding = {
  kind: 'image-classification',
  recordBytes: MNIST_RECORD_BYTES,
  record: 'label:u8 (0..9) || pixels:u8[784] (28 rows of 28, top row first, left to right)',
  imageWidth: 28,
  imageHeight: 28,
  numClasses: MNIST_CLASSES,
  pixel:
    'p = round(v*255) of the package value v; exact because the package stores v = p/255 rounded to 3 decimals (checked); 0 = background, 255 = ink',
  order: 'per class: stored order of src/digits/<label>.json; split and merge rules in docs/datasets.md',
};

export const MNIST_SPLIT_RULE =
  'test quota per class by largest remainder of 2000*n_c/10000 (ties: lower label); in class c, stored example j is test iff floor((j+1)*m_c/n_c) > floor(j*m_c/n_c); each split merges classes by key (2k+1)/(2*n_c_split), ties by label';

export interface BuiltShards {
  files: ShardFiles;
  shards: ShardEntry[];
  split: { train: SplitSummary; test: SplitSummary };
}

/** Builds the MNIST shards from the decoded source: train-000.bin… then test-000.bin…, 1000 records each. */
export function buildMnistShards(source: MnistSource): BuiltShards {
  const { train, test } = splitMnist(source.countByClass, MNIST_TEST_EXAMPLES);
  const files = new Map<string, Uint8Array>();
  const shards: ShardEntry[] = [];
  const summarise = (split: SplitName, refs: ExampleRef[]): SplitSummary => {
    const classCounts = new Array<number>(MNIST_CLASSES).fill(0);
    let shardIndex = 0;
    for (let start = 0; start < refs.length; start += MNIST_EXAMPLES_PER_SHARD) {
      const chunk = refs.slice(start, start + MNIST_EXAMPLES_PER_SHARD);
      const bytes = new Uint8Array(chunk.length * MNIST_RECORD_BYTES);
      chunk.forEach((ref, i) => {
        classCounts[ref.label]! += 1;
        const offset = i * MNIST_RECORD_BYTES;
        bytes[offset] = ref.label;
        const pixels = source.pixelsByClass[ref.label]!;
        bytes.set(pixels.subarray(ref.index * MNIST_IMAGE_BYTES, (ref.index + 1) * MNIST_IMAGE_BYTES), offset + 1);
      });
      const file = `${split}-${String(shardIndex).padStart(3, '0')}.bin`;
      files.set(file, bytes);
      shards.push({ file, split, bytes: bytes.length, sha256: sha256Hex(bytes), examples: chunk.length });
      shardIndex += 1;
    }
    return { examples: refs.length, shards: shardIndex, classCounts };
  };
  const trainSummary = summarise('train', train);
  const testSummary = summarise('test', test);
  return { files, shards, split: { train: trainSummary, test: testSummary } };
}
