// A run fixture whose checkpoint the engine trained on the real dataset (Node only: reads the dataset files).
import { createGenesis, encodeCheckpoint, runSteps, type RunData, type RunSpec } from '@veritrain/engine';
import { loadRunData } from '@veritrain/engine/node';
import { fixtureFromCheckpoint, type RunFixture } from './runFixture';

const dataCache = new Map<string, RunData>();
function dataFor(spec: RunSpec): RunData {
  let data = dataCache.get(spec.dataset.name);
  if (!data) {
    data = loadRunData(spec);
    dataCache.set(spec.dataset.name, data);
  }
  return data;
}

/** `steps` engine steps from genesis on the spec's dataset, published as one final submission. */
export function runFixture(spec: RunSpec, steps: number): RunFixture {
  const { checkpoint } = runSteps({
    spec,
    checkpoint: encodeCheckpoint(createGenesis(spec)),
    steps,
    data: dataFor(spec),
  });
  return fixtureFromCheckpoint(spec, checkpoint, steps);
}
