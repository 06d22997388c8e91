import type { StepRecord } from '@veritrain/engine';
import { ModelError } from '../model/modelError';
import { computeStepsHere, type ComputedSteps, type ComputeStepsInput, type ComputeStepsOptions } from './computeSteps';

/** What the worker (computeSteps.worker.ts) posts back. */
export type WorkerMessage =
  | { kind: 'engine'; engine: ComputedSteps['engine'] }
  | { kind: 'step'; record: StepRecord }
  | { kind: 'done'; records: StepRecord[]; computeMs: number }
  | { kind: 'error'; message: string };

/**
 * Re-executes the steps in a Web Worker, so that a slow step (a GPT's takes about half a second on wasm) never
 * freezes the page; the worker loads its own wasm instance. Where no worker can be started (no Worker, or its
 * script fails to load before it answers), the steps run in this thread instead, and the result says why.
 */
export async function computeStepsInWorker(
  input: ComputeStepsInput,
  options: ComputeStepsOptions = {},
): Promise<ComputedSteps> {
  if (typeof Worker !== 'function')
    return await computeStepsHere(input, { ...options, why: 'this browser has no Web Workers' });
  options.signal?.throwIfAborted();
  const worker = new Worker(new URL('./computeSteps.worker.ts', import.meta.url), {
    type: 'module',
    name: 'veritrain-verify',
  });
  let started = false;
  try {
    return await new Promise<ComputedSteps>((resolve, reject) => {
      let engine: ComputedSteps['engine'] | undefined;
      const onAbort = () => reject(options.signal?.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.onmessage = ({ data: m }: MessageEvent<WorkerMessage>) => {
        started = true;
        if (m.kind === 'engine') engine = m.engine;
        else if (m.kind === 'step') options.onStep?.(m.record);
        else if (m.kind === 'error')
          reject(new ModelError('UNSUPPORTED', `re-executing the steps failed: ${m.message}`));
        else resolve({ records: m.records, engine: engine!, thread: { kind: 'worker' }, computeMs: m.computeMs });
      };
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(e.message || 'the worker script did not load'));
      };
      worker.postMessage(input);
    });
  } catch (err) {
    if (options.signal?.aborted || started) throw err;
    return await computeStepsHere(input, {
      ...options,
      why: `the verification worker did not start (${(err as Error).message})`,
    });
  } finally {
    worker.terminate();
  }
}
