// Node-only: reads dataset shards from disk through @veritrain/datasets. Never import this from library
// code that must run in a browser; it is exported from `@veritrain/engine/node`.
import { loadKjv, loadMnist, type LoadOptions } from '@veritrain/datasets';
import { EngineError } from '../errors';
import { parseRunSpec } from '../spec/parseRunSpec';
import type { Hex, RunSpec } from '../spec/runSpec';
import { checkRunData } from './examples';
import type { RunData } from './runData';

/** Dataset names a spec may use, with the loader for each. */
export const DATASET_LOADERS: Record<string, (options: LoadOptions) => RunData> = {
  mnist(options) {
    const d = loadMnist(options);
    return {
      kind: 'images',
      datasetRoot: d.manifest.datasetRoot as Hex,
      imageSize: d.imageSize,
      numClasses: d.numClasses,
      train: d.train,
      test: d.test,
    };
  },
  kjv(options) {
    const d = loadKjv(options);
    return {
      kind: 'text',
      datasetRoot: d.manifest.datasetRoot as Hex,
      vocabSize: d.vocab.length,
      train: d.train,
      test: d.test,
    };
  },
};

/**
 * Loads (and verifies, shard by shard) the dataset a run spec names, and checks that its datasetRoot is
 * the one in the spec and that its shape fits the model: EngineError('DATASET') otherwise.
 */
export function loadRunData(specInput: RunSpec, options: LoadOptions = {}): RunData {
  const spec = parseRunSpec(specInput);
  const loader = DATASET_LOADERS[spec.dataset.name];
  if (loader === undefined) {
    throw new EngineError(
      'DATASET',
      `run spec dataset.name ${JSON.stringify(spec.dataset.name)} is not a known dataset (known: ${Object.keys(DATASET_LOADERS).join(', ')})`,
      { details: { name: spec.dataset.name } },
    );
  }
  let data: RunData;
  try {
    data = loader(options);
  } catch (e) {
    throw new EngineError('DATASET', `loading dataset ${spec.dataset.name} failed: ${(e as Error).message}`, {
      cause: e,
    });
  }
  checkRunData(spec, data);
  return data;
}
