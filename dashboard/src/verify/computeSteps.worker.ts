// The verification worker: re-executes a submission's steps off the page's thread, on the wasm backend (else ref),
// and reports each step's record as it is computed. One request per worker (computeStepsInWorker).
import { runSteps } from '@veritrain/engine';
import { loadEngineBackend } from '../model/engineBackend';
import type { ComputeStepsInput } from './computeSteps';
import type { WorkerMessage } from './computeStepsInWorker';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ComputeStepsInput>) => void) | null;
  postMessage(message: WorkerMessage): void;
};

scope.onmessage = async ({ data: input }) => {
  try {
    const engine = await loadEngineBackend();
    scope.postMessage({
      kind: 'engine',
      engine: engine.name === 'wasm' ? { name: 'wasm' } : { name: 'ref', fallbackReason: engine.fallbackReason },
    });
    const started = performance.now();
    const { records } = runSteps({
      spec: input.spec,
      checkpoint: input.parent,
      steps: input.steps,
      data: input.data,
      backend: engine.backend,
      onStep: (record) => scope.postMessage({ kind: 'step', record }),
    });
    scope.postMessage({ kind: 'done', records, computeMs: performance.now() - started });
  } catch (err) {
    scope.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
