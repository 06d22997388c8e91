import { Writable } from 'node:stream';
import {
  createGenesis,
  decodeCheckpoint,
  encodeCheckpoint,
  parseRunSpec,
  refBackend,
  runSteps,
} from '@veritrain/engine';
import { loadRunData, stateRootNode } from '@veritrain/engine/node';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/createLogger';
import { createMetrics } from '../metrics/createMetrics';
import { RUN_PRESETS } from '../run/runPresets';
import { computeLease } from './computeLease';
import type { LoadedRun } from './loadRun';

const spec = parseRunSpec({
  ...RUN_PRESETS['mnist-mlp'](),
  model: { kind: 'mlp', layers: [784, 16, 10], activation: 'relu' },
  batchSize: 8,
  totalSteps: 20,
});
const data = loadRunData(spec);
const run = { runId: 1n, config: {} as LoadedRun['config'], spec, data, backend: refBackend } satisfies LoadedRun;
const genesis = encodeCheckpoint(createGenesis(spec));

function lease(overrides: Partial<Parameters<typeof computeLease>[0]> = {}) {
  const lines: { msg: string; step?: number }[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).trim().split('\n')) lines.push(JSON.parse(l));
      done();
    },
  });
  const metrics = createMetrics({ prefix: 'veritrain_test_', defaultLabels: { node: 'test' } });
  const logger = createLogger({ name: 'worker', level: 'debug', format: 'json', destination });
  return {
    lines,
    metrics,
    run: () =>
      computeLease({
        run,
        parent: genesis,
        firstStep: 1,
        lastStep: 4,
        signal: new AbortController().signal,
        logger,
        metrics,
        ...overrides,
      }),
  };
}

describe('computeLease', () => {
  it('computes the lease in one engine call: the records and checkpoint of runSteps, a step time per step', async () => {
    const l = lease();
    const out = await l.run();
    const direct = runSteps({ spec, checkpoint: genesis, steps: 4, data, stateRoot: stateRootNode });
    expect(out.records).toEqual(direct.records);
    expect(Buffer.from(out.checkpoint).equals(Buffer.from(direct.checkpoint))).toBe(true);
    const text = await l.metrics.registry.metrics();
    expect(text).toMatch(/veritrain_step_seconds_count\{[^}]*backend="ref"[^}]*\} 4/);
    expect(l.lines.filter((x) => x.msg === 'step').map((x) => x.step)).toEqual([1, 2, 3, 4]);
  });

  it('corruptStep: commits the nudged state at that step and builds the rest of the lease on it', async () => {
    const out = await lease({ corruptStep: 2 }).run();
    const first = runSteps({ spec, checkpoint: genesis, steps: 2, data, stateRoot: stateRootNode });
    const nudged = decodeCheckpoint(first.checkpoint);
    nudged.tensors[0]!.data[0] = Math.fround(nudged.tensors[0]!.data[0]! + 0.5);
    const corrupted = encodeCheckpoint(nudged);
    const rest = runSteps({ spec, checkpoint: corrupted, steps: 2, data, stateRoot: stateRootNode });
    expect(out.records.map((r) => r.stateRoot)).toEqual([
      first.records[0]!.stateRoot,
      stateRootNode(corrupted),
      ...rest.records.map((r) => r.stateRoot),
    ]);
    expect(Buffer.from(out.checkpoint).equals(Buffer.from(rest.checkpoint))).toBe(true);
  });

  it('throttleStepMs: waits between steps without changing a bit', async () => {
    const started = Date.now();
    const out = await lease({ throttleStepMs: 60 }).run();
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 60);
    expect(out.records).toEqual(
      runSteps({ spec, checkpoint: genesis, steps: 4, data, stateRoot: stateRootNode }).records,
    );
  });

  it('stops between steps when the signal is aborted', async () => {
    const ac = new AbortController();
    const l = lease({ signal: ac.signal, throttleStepMs: 200 });
    setTimeout(() => ac.abort(new Error('shutdown')), 50);
    await expect(l.run()).rejects.toThrow('shutdown');
  });
});
