import { runStepsAsync, type RunData, type RunSpec, type StepRecord } from '@veritrain/engine';
import { loadEngineBackend, type EngineBackend } from '../model/engineBackend';

/** What re-executing a submission's steps needs: the spec, the checked parent state and the checked data. */
export type ComputeStepsInput = { spec: RunSpec; parent: Uint8Array; data: RunData; steps: number };

export type ComputedSteps = {
  /** One record per step (stateRoot and loss bits), from `runSteps`. */
  records: StepRecord[];
  engine: { name: 'wasm' } | { name: 'ref'; fallbackReason: string };
  /** Where the steps ran: a Web Worker, or this page's thread (and why not a worker). */
  thread: { kind: 'worker' } | { kind: 'page'; why: string };
  /** Time spent in the steps themselves. */
  computeMs: number;
};

export type ComputeStepsOptions = { onStep?: (record: StepRecord) => void; signal?: AbortSignal };

export type ComputeSteps = (input: ComputeStepsInput, options?: ComputeStepsOptions) => Promise<ComputedSteps>;

/**
 * Runs the steps in this thread on the page's engine backend (wasm, else ref), yielding to the page between steps
 * (runStepsAsync) so that it stays responsive and shows progress. The fallback when no worker can be started.
 */
export async function computeStepsHere(
  input: ComputeStepsInput,
  options: ComputeStepsOptions & {
    why: string /** Default: the page's shared backend (loadEngineBackend). */;
    engine?: EngineBackend;
  },
): Promise<ComputedSteps> {
  const engine = options.engine ?? (await loadEngineBackend());
  const started = performance.now();
  const { records } = await runStepsAsync({
    spec: input.spec,
    checkpoint: input.parent,
    steps: input.steps,
    data: input.data,
    backend: engine.backend,
    ...(options.onStep ? { onStep: options.onStep } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    records,
    engine: engine.name === 'wasm' ? { name: 'wasm' } : { name: 'ref', fallbackReason: engine.fallbackReason },
    thread: { kind: 'page', why: options.why },
    computeMs: performance.now() - started,
  };
}
