import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createGenesis,
  decodeCheckpoint,
  encodeCheckpoint,
  runSteps,
  specHash,
  stateRoot,
  type RunSpec,
} from '../../src/index';
import { loadRunData, stateRootNode } from '../../src/node';
import { recordStepProgram, replayStepProgram, stepProgramHash } from '../../src/program/recordStepProgram';

// The step-conformance cases (MLPs and GPTs, with SGD and AdamW). The program of step 1 and of step 3 must hash
// alike, and step 3 replayed from its program alone (replayStepProgram: op by op on the ref backend, each value
// computed once from the values the program names) must give the engine's stateRoot and loss for step 3.
const golden = JSON.parse(readFileSync(new URL('../golden/steps.json', import.meta.url), 'utf8')) as {
  cases: { name: string; spec: RunSpec }[];
};

describe('the op program of a step', () => {
  for (const { name, spec } of golden.cases) {
    it(`${name}: depends on the spec alone, and replayed op by op from the program gives the step's state and loss bit for bit`, () => {
      const data = loadRunData(spec);
      const genesis = encodeCheckpoint(createGenesis(spec));
      const { records } = runSteps({ spec, checkpoint: genesis, steps: 3, data, stateRoot: stateRootNode });
      const parent = decodeCheckpoint(
        runSteps({ spec, checkpoint: genesis, steps: 2, data, stateRoot: stateRootNode }).checkpoint,
      );
      const first = recordStepProgram(spec, data, decodeCheckpoint(genesis));
      const third = recordStepProgram(spec, data, parent);
      expect(stepProgramHash(third.program)).toBe(stepProgramHash(first.program));
      expect(first.program.ops.length).toBeGreaterThan(10);
      // The replay reads nothing but the program, the parent state and the step's inputs.
      const replayed = replayStepProgram(
        third.program,
        new Map(parent.tensors.map((t) => [t.name, t.data])),
        third.inputValues,
      );
      const tensors = parent.tensors.map((t) => ({ name: t.name, shape: t.shape, data: replayed.state.get(t.name)! }));
      const root = stateRoot(encodeCheckpoint({ specHash: specHash(spec), step: 3, tensors }));
      expect(root).toBe(records[2]!.stateRoot);
      expect(replayed.loss).toBe(records[2]!.loss);
    }, 120_000);
  }
});
