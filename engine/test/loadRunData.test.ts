import { describe, expect, it } from 'vitest';
import { EngineError } from '../src/errors';
import { parseRunSpec } from '../src/spec/parseRunSpec';
import type { RunSpec } from '../src/spec/runSpec';
import { DATASET_LOADERS, loadRunData } from '../src/train/loadRunData';
import type { GoldenFile } from './conformance/stepCases';
import goldenJson from './golden/steps.json';

const golden = goldenJson as unknown as GoldenFile;
const mlp = parseRunSpec(golden.cases.find((c) => c.name === 'mlp-relu-sgd')!.spec);

function datasetError(spec: RunSpec): EngineError {
  try {
    loadRunData(spec);
  } catch (e) {
    if (e instanceof EngineError && e.code === 'DATASET') return e;
    throw e;
  }
  throw new Error('expected a DATASET error');
}

describe('loadRunData', () => {
  it('loads the dataset the spec names, with its manifest root', () => {
    const data = loadRunData(mlp);
    expect(data.kind).toBe('images');
    expect(data.datasetRoot).toBe(DATASET_LOADERS.mnist!({}).datasetRoot);
  });

  it('refuses a spec whose datasetRoot is not the manifest root', () => {
    const e = datasetError({ ...mlp, dataset: { name: 'mnist', datasetRoot: `0x${'00'.repeat(32)}` } });
    expect(e.message).toContain('datasetRoot');
  });

  it('refuses an unknown dataset name and a model that does not fit the data', () => {
    expect(datasetError({ ...mlp, dataset: { ...mlp.dataset, name: 'cifar' } }).message).toContain(
      'not a known dataset',
    );
    expect(datasetError({ ...mlp, model: { kind: 'mlp', layers: [100, 10], activation: 'relu' } }).message).toContain(
      '784 pixels',
    );
  });
});
