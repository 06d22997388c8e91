import type { Hex } from '../spec/runSpec';

/** One split of an image-classification dataset: count × imageSize uint8 pixels and count labels. */
export type ImageSplit = { images: Uint8Array; labels: Uint8Array; count: number };

/** MNIST-like data for `mlp` runs. Inputs are pixel ⊘ 255 (binary32). */
export type ImageRunData = {
  kind: 'images';
  datasetRoot: Hex;
  imageSize: number;
  numClasses: number;
  train: ImageSplit;
  test: ImageSplit;
};

/** A character corpus for `gpt` runs: token ids (< vocabSize) of each split. */
export type TextRunData = {
  kind: 'text';
  datasetRoot: Hex;
  vocabSize: number;
  train: Uint8Array;
  test: Uint8Array;
};

/**
 * The decoded dataset of a run, held in memory. Library code never loads files: Node callers build it with
 * `loadRunData(spec)` (engine/src/train/loadRunData.ts), browsers from fetched shards.
 */
export type RunData = ImageRunData | TextRunData;
