import { describe, expect, it } from 'vitest';
import { parseRunSpec } from '../src/spec/parseRunSpec';
import { createGenesis } from '../src/train/createGenesis';
import { loadRunData } from '../src/train/loadRunData';
import { runSteps, runStepsAsync } from '../src/train/runSteps';
import type { GoldenFile } from './conformance/stepCases';
import goldenJson from './golden/steps.json';

const golden = goldenJson as unknown as GoldenFile;
const spec = parseRunSpec(golden.cases.find((c) => c.name === 'gpt-sgd')!.spec);
const data = loadRunData(spec);

describe('runStepsAsync', () => {
  it('returns exactly what runSteps returns', async () => {
    const genesis = createGenesis(spec);
    const sync = runSteps({ spec, checkpoint: genesis, steps: 5, data });
    const async = await runStepsAsync({ spec, checkpoint: genesis, steps: 5, data });
    expect(async).toEqual(sync);
  });

  it('stops between steps once its signal is aborted', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = runStepsAsync({
      spec,
      checkpoint: createGenesis(spec),
      steps: 50,
      data,
      signal: controller.signal,
      onStep: (r) => {
        seen.push(r.step);
        if (r.step === 3) controller.abort(new Error('shutting down'));
      },
    });
    await expect(run).rejects.toThrow('shutting down');
    expect(seen).toEqual([1, 2, 3]);
  });
});
