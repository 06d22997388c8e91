import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../src/backend/backend';
import { refBackend } from '../src/backend/ref/index';
import {
  createSimulatedDevice,
  type SimulatedDevice,
  type SimulatedDeviceStats,
} from '../src/backend/testing/simulatedDevice';
import { encodeCheckpoint } from '../src/checkpoint/encode';
import { EngineError } from '../src/errors';
import { assertFinite } from '../src/numerics/assertFinite';
import { createModel } from '../src/models/createModel';
import { createMlp } from '../src/models/mlp';
import { tensorSize } from '../src/models/namedTensor';
import { parseRunSpec } from '../src/spec/parseRunSpec';
import type { RunSpec } from '../src/spec/runSpec';
import { specHash } from '../src/spec/specHash';
import { createGenesis } from '../src/train/createGenesis';
import { evaluate } from '../src/train/evaluate';
import { loadRunData } from '../src/train/loadRunData';
import { assertFiniteTensor, residentState } from '../src/train/residentState';
import { stateFromCheckpoint } from '../src/train/trainingState';
import type { RunData } from '../src/train/runData';
import { runSteps, runStepsAsync, type StepRecord } from '../src/train/runSteps';
import { verifyStep } from '../src/train/verifyStep';
import type { GoldenFile } from './conformance/stepCases';
import goldenJson from './golden/steps.json';

// The train loop on a device backend (the simulated one: opaque tensors, data in a private map, counted
// transfers) must give ref's bytes while keeping the state on the device: per step only the batch goes
// in, exactly the state comes out, and nothing is left allocated afterwards.

const golden = goldenJson as unknown as GoldenFile;
const goldenSpec = (name: string) => parseRunSpec(golden.cases.find((c) => c.name === name)!.spec);

function thrown(fn: () => unknown): { code: string; message: string } | string {
  try {
    fn();
  } catch (e) {
    return e instanceof EngineError ? { code: e.code, message: e.message } : `not an EngineError: ${String(e)}`;
  }
  return 'no error';
}

const delta = (a: SimulatedDeviceStats, b: SimulatedDeviceStats) => ({
  uploads: b.uploads - a.uploads,
  uploadedFloats: b.uploadedFloats - a.uploadedFloats,
  downloads: b.downloads - a.downloads,
  downloadedFloats: b.downloadedFloats - a.downloadedFloats,
});

describe.each(['mlp-relu-sgd', 'mlp-gelu-adamw', 'gpt-adamw', 'gpt-sgd'])(
  'the train loop on a simulated device (%s)',
  (name) => {
    let spec: RunSpec;
    let data: RunData;
    let genesis: Uint8Array;
    let ref: ReturnType<typeof runSteps>;
    /** Parameter tensors, their floats, and state tensors kept on the device per parameter (momentum; m and v). */
    let layout: { params: number; paramFloats: number; perParam: number };

    beforeAll(() => {
      spec = goldenSpec(name);
      data = loadRunData(spec);
      genesis = encodeCheckpoint(createGenesis(spec));
      ref = runSteps({ spec, checkpoint: genesis, steps: 4, data });
      const specs = createModel(spec.model).paramSpecs;
      layout = {
        params: specs.length,
        paramFloats: specs.reduce((s, p) => s + tensorSize(p.shape), 0),
        perParam: spec.optimizer.kind === 'sgd' ? 1 : 2,
      };
    });

    it('runSteps gives ref’s records and checkpoint bytes, from genesis and from a middle checkpoint', () => {
      const sim = createSimulatedDevice();
      expect(runSteps({ spec, checkpoint: genesis, steps: 4, data, backend: sim })).toEqual(ref);
      const first = runSteps({ spec, checkpoint: genesis, steps: 2, data });
      const rest = runSteps({ spec, checkpoint: first.checkpoint, steps: 2, data, backend: sim });
      expect([...first.records, ...rest.records]).toEqual(ref.records);
      expect(rest.checkpoint).toEqual(ref.checkpoint);
      expect(sim.stats().live).toBe(0);
    });

    it('uploads the state once, then per step only the batch goes in and exactly the state comes out', () => {
      const sim = createSimulatedDevice();
      const { params, paramFloats, perParam } = layout;
      const stateTensors = params * (1 + perParam);
      const stateFloats = paramFloats * (1 + perParam);
      // The MLP's batch inputs are uploaded by the model; the GPT's token ids and all targets stay host arrays.
      const batch =
        spec.model.kind === 'mlp'
          ? { uploads: 1, uploadedFloats: spec.batchSize * spec.model.layers[0]! }
          : { uploads: 0, uploadedFloats: 0 };
      const seen: SimulatedDeviceStats[] = [sim.stats()];
      const liveAtStep: number[] = [];
      runSteps({
        spec,
        checkpoint: genesis,
        steps: 4,
        data,
        backend: sim,
        onStep: () => {
          seen.push(sim.stats());
          liveAtStep.push(sim.stats().live);
        },
      });
      const perStep = { ...batch, downloads: stateTensors, downloadedFloats: stateFloats };
      expect(delta(seen[0]!, seen[1]!)).toEqual({
        ...perStep,
        uploads: stateTensors + batch.uploads,
        uploadedFloats: stateFloats + batch.uploadedFloats,
      });
      for (let i = 2; i < seen.length; i++) expect(delta(seen[i - 1]!, seen[i]!), `step ${i}`).toEqual(perStep);
      // Between steps only the state is on the device: every temporary of a step died with its scope.
      expect(liveAtStep).toEqual([stateTensors, stateTensors, stateTensors, stateTensors]);
      expect(sim.stats().live).toBe(0);
    });

    it('the peak of live tensors does not grow with the number of steps', () => {
      const one = createSimulatedDevice();
      runSteps({ spec, checkpoint: genesis, steps: 1, data, backend: one });
      const four = createSimulatedDevice();
      runSteps({ spec, checkpoint: genesis, steps: 4, data, backend: four });
      expect(four.stats().peakLive).toBe(one.stats().peakLive);
      expect(four.stats().allocated).toBeGreaterThan(one.stats().allocated);
    });

    it('verifyStep gives ref’s verdicts and frees everything', () => {
      const parent = runSteps({ spec, checkpoint: genesis, steps: 3, data }).checkpoint;
      const honest = { stateRoot: ref.records[3]!.stateRoot, lossBits: ref.records[3]!.lossBits };
      const wrong = { ...honest, lossBits: (honest.lossBits ^ 1) >>> 0 };
      const sim = createSimulatedDevice();
      for (const claimed of [honest, wrong]) {
        const expected = verifyStep({ spec, parent, data, claimed });
        expect(verifyStep({ spec, parent, data, claimed, backend: sim })).toEqual(expected);
      }
      expect(verifyStep({ spec, parent, data, claimed: honest, backend: sim }).ok).toBe(true);
      expect(sim.stats().live).toBe(0);
    });

    it('evaluate gives ref’s loss and accuracy and frees everything', () => {
      const sim = createSimulatedDevice();
      const maxExamples = spec.model.kind === 'mlp' ? 300 : 40;
      const expected = evaluate({ spec, checkpoint: ref.checkpoint, data, maxExamples });
      expect(evaluate({ spec, checkpoint: ref.checkpoint, data, maxExamples, backend: sim })).toEqual(expected);
      // The weights went in once; logits came out once per chunk (one chunk here).
      expect(sim.stats().uploads).toBe(layout.params + (spec.model.kind === 'mlp' ? 1 : 0));
      expect(sim.stats().downloads).toBe(1);
      expect(sim.stats().live).toBe(0);
    });
  },
);

describe('invalid and interrupted runs on a simulated device', () => {
  const base = goldenSpec('mlp-relu-sgd');
  const data = loadRunData(base);

  it('a NON_FINITE step throws ref’s error and leaves no tensor allocated', () => {
    const spec = parseRunSpec({ ...base, optimizer: { kind: 'sgd', lr: 1e30, momentum: 0 } });
    const genesis = createGenesis(spec);
    const expected = thrown(() => runSteps({ spec, checkpoint: genesis, steps: 10, data }));
    expect(expected).toMatchObject({ code: 'NON_FINITE' });
    const sim = createSimulatedDevice();
    expect(thrown(() => runSteps({ spec, checkpoint: genesis, steps: 10, data, backend: sim }))).toEqual(expected);
    expect(sim.stats().live).toBe(0);
    expect(sim.stats().allocated).toBeGreaterThan(0);
  });

  it('a non-finite device tensor fails with assertFinite’s host error, downloading only then', () => {
    const sim = createSimulatedDevice();
    assertFiniteTensor(sim, 'gradient of w at step 1', sim.upload(Float32Array.of(1, -0, 2)));
    expect(sim.stats().downloads).toBe(0);
    const bad = Float32Array.of(1, 2, -Infinity, NaN);
    const expected = thrown(() => assertFinite('gradient of w at step 1', bad));
    expect(expected).toMatchObject({ code: 'NON_FINITE', message: expect.stringContaining('at index 2') });
    expect(thrown(() => assertFiniteTensor(sim, 'gradient of w at step 1', sim.upload(bad)))).toEqual(expected);
    expect(sim.stats().downloads).toBe(1);
  });

  it('an onStep that throws, and an aborted runStepsAsync, leave no tensor allocated', async () => {
    const genesis = createGenesis(base);
    const sim = createSimulatedDevice();
    const fail = () => {
      throw new Error('progress sink failed');
    };
    expect(() => runSteps({ spec: base, checkpoint: genesis, steps: 3, data, backend: sim, onStep: fail })).toThrow(
      'progress sink failed',
    );
    expect(sim.stats().live).toBe(0);
    const controller = new AbortController();
    const run = runStepsAsync({
      spec: base,
      checkpoint: genesis,
      steps: 5,
      data,
      backend: sim,
      signal: controller.signal,
      onStep: (r: StepRecord) => {
        if (r.step === 2) controller.abort(new Error('shutting down'));
      },
    });
    await expect(run).rejects.toThrow('shutting down');
    expect(sim.stats().live).toBe(0);
  });
});

describe('on a host backend the resident state is the host state itself', () => {
  it('uploads return the state’s own arrays and every download of runSteps is into the tensor itself', () => {
    const spec = goldenSpec('gpt-adamw');
    const data = loadRunData(spec);
    const state = stateFromCheckpoint(spec, specHash(spec), createModel(spec.model), createGenesis(spec));
    const resident = residentState(refBackend, state);
    resident.weights.forEach((w, i) => {
      expect(w).toBe(state.params[i]!.data);
    });
    for (const t of state.optimizer) expect(resident.optimizer.get(t.name)).toBe(t.data);
    const calls: boolean[] = [];
    const download: Backend['download'] = (t, out) => {
      calls.push(out === t);
      return refBackend.download(t, out);
    };
    const spy: Backend = { ...refBackend, download };
    runSteps({ spec, checkpoint: createGenesis(spec), steps: 2, data, backend: spy });
    expect(calls.length).toBe(2 * 3 * createModel(spec.model).paramSpecs.length);
    expect(calls.every((same) => same)).toBe(true);
  });
});

describe('the simulated device’s tensors', () => {
  it('are opaque: a host array is neither a SimTensor to the type checker nor to the device', () => {
    const sim: SimulatedDevice = createSimulatedDevice();
    const t = sim.upload(Float32Array.of(1, 2));
    expect((t as unknown as Float32Array)[0]).toBeUndefined();
    // @ts-expect-error a Float32Array is not a SimTensor
    expect(thrown(() => sim.add(Float32Array.of(1, 2), t))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('is not a tensor of this device'),
    });
    const model = createMlp({ kind: 'mlp', layers: [2, 2], activation: 'relu' });
    const batch = {
      kind: 'classification',
      rows: 1,
      inputs: Float32Array.of(1, 1),
      targets: Int32Array.of(0),
    } as const;
    // @ts-expect-error the model takes the backend's tensors, not host arrays
    expect(thrown(() => model.logits(sim, [new Float32Array(4), new Float32Array(2)], batch))).toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(
      Array.from(sim.download(model.logits(sim, [sim.upload(Float32Array.of(1, 0, 0, 1)), sim.zeros(2)], batch))),
    ).toEqual([1, 1]);
  });

  it('scope frees what it created, on return and on throw, except what keep hands to the enclosing scope', () => {
    const sim = createSimulatedDevice();
    const before = sim.upload(Float32Array.of(1));
    let inner: ReturnType<typeof sim.zeros> | undefined;
    const kept = sim.scope(() => {
      const outer = sim.scope(() => {
        inner = sim.zeros(3);
        const survivor = sim.keep(sim.add(before, before));
        sim.scale(before, 2, before); // writes into a tensor from outside: it stays
        return survivor;
      });
      expect(thrown(() => sim.download(inner!))).toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('was freed'),
      });
      expect(Array.from(sim.download(outer))).toEqual([2]);
      expect(sim.stats().live).toBe(2);
      return sim.keep(outer);
    });
    expect(sim.stats().live).toBe(2);
    expect(Array.from(sim.download(kept))).toEqual([2]);
    expect(Array.from(sim.download(before))).toEqual([2]);
    expect(() =>
      sim.scope(() => {
        sim.zeros(5);
        throw new Error('kernel failed');
      }),
    ).toThrow('kernel failed');
    expect(sim.stats().live).toBe(2);
    sim.release(kept);
    sim.release(kept);
    sim.release(before);
    expect(sim.stats().live).toBe(0);
  });

  it('zeros are +0, download copies into a given array of the right length only, allFinite sees NaN and Infinity', () => {
    const sim = createSimulatedDevice();
    const z = sim.zeros(3);
    expect(Array.from(sim.download(z)).map((v) => Object.is(v, 0))).toEqual([true, true, true]);
    const host = new Float32Array(3);
    expect(sim.download(sim.upload(Float32Array.of(1, 2, 3)), host)).toBe(host);
    expect(Array.from(host)).toEqual([1, 2, 3]);
    expect(thrown(() => sim.download(z, new Float32Array(2)))).toEqual(
      thrown(() => sim.inner.download(new Float32Array(3), new Float32Array(2))),
    );
    expect(sim.allFinite(sim.upload(Float32Array.of(1, -0, 3e38)))).toBe(true);
    expect(sim.allFinite(sim.upload(Float32Array.of(1, NaN)))).toBe(false);
    expect(sim.allFinite(sim.upload(Float32Array.of(-Infinity)))).toBe(false);
  });

  it('bad calls fail with ref’s code and message, checked on the handles through the device’s TensorKit', () => {
    const sim = createSimulatedDevice();
    const ref = sim.inner;
    const a = sim.zeros(4);
    const refA = new Float32Array(4);
    expect(thrown(() => sim.matmul(a, sim.zeros(4), 2, 2, 2, a))).toEqual(
      thrown(() => ref.matmul(refA, new Float32Array(4), 2, 2, 2, refA)),
    );
    expect(thrown(() => sim.matmul(a, sim.zeros(4), 2, 2, 2, sim.zeros(3)))).toEqual(
      thrown(() => ref.matmul(refA, refA, 2, 2, 2, new Float32Array(3))),
    );
    expect(thrown(() => sim.softmaxRows(a, 2, 2, true, a))).toEqual(
      thrown(() => ref.softmaxRows(refA, 2, 2, true, refA)),
    );
    expect(thrown(() => sim.zeros(-1))).toEqual(thrown(() => ref.zeros(-1)));
    expect(sim.kit.overlaps(a, a)).toBe(true);
    expect(sim.kit.overlaps(a, sim.zeros(4))).toBe(false);
    expect(thrown(() => sim.scope(() => Promise.resolve(1)))).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
