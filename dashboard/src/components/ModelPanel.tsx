import { useCallback, useState, type ReactNode } from 'react';
import type { RunView, SubmissionView } from '../data';
import { gatewayFromEnv } from '../app/pageEnv';
import { useTaskState } from '../app/useTaskState';
import { shortHex } from '../app/format';
import { isRetryable, ModelError } from '../model/modelError';
import { checkpointCandidates, type CheckpointChoice } from '../model/pickCheckpoint';
import type * as RuntimeModule from '../model/runtime';

type ModelRuntime = typeof RuntimeModule;
type LoadedModel = RuntimeModule.LoadedModel;
type EngineBackend = RuntimeModule.EngineBackend;
type Stage = RuntimeModule.LoadStage | 'code';

// The engine, the checks and the samples are one chunk fetched on the first "Load"; tfjs is another.
const loadRuntime = (): Promise<ModelRuntime> => import('../model/runtime');

export type ModelPanelProps = {
  run: RunView;
  /** The run's submissions (the timeline); the newest final one is offered, else the newest pending one. */
  submissions: readonly SubmissionView[];
  /** Base URL of the IPFS HTTP gateway; defaults to VITE_IPFS_GATEWAY. */
  gatewayUrl?: string | undefined;
  /** Test seams: the fetch the gateway is read with, its timeout, and the tfjs backends to try in order. */
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  tfjsBackends?: readonly ('webgl' | 'cpu')[];
  /** Test seam: how the engine's backend is loaded (default: the page's shared wasm backend, else ref). */
  loadEngine?: () => Promise<EngineBackend>;
};

type LoadState =
  | { kind: 'idle' }
  | { kind: 'loading'; stage: Stage; choice: CheckpointChoice }
  | { kind: 'error'; error: Error; choice: CheckpointChoice }
  | { kind: 'ready'; loaded: LoadedModel; runtime: ModelRuntime; engine: EngineBackend };

const STAGE_TEXT: Record<Stage, string> = {
  code: 'Loading the model code…',
  spec: 'Fetching the run spec from IPFS…',
  manifest: 'Fetching the submission manifest from IPFS…',
  checkpoint: 'Fetching the checkpoint from IPFS…',
  verify: 'Checking the checkpoint against the chain…',
};

const describeChoice = (c: CheckpointChoice) =>
  `step ${c.submission.lastStep} (submission #${c.submission.id}, ${c.final ? 'final' : 'pending: it may still be disputed'})`;

function advice(err: Error, gatewayUrl: string): string {
  if (!(err instanceof ModelError)) return '';
  switch (err.code) {
    case 'TIMEOUT':
      return 'IPFS can be slow to find the node holding a checkpoint, and trying again often works. If the worker that made it has left (a finished run), no node may hold it any more; an older checkpoint is often still held by a node that verified it.';
    case 'GATEWAY_UNREACHABLE':
      return `Check that the gateway at ${gatewayUrl} is running (veritrain-ipfs --gateway) and allows this page's origin.`;
    case 'BAD_CONTENT':
      return 'What arrived is not what the chain committed to, so it is not run.';
    default:
      return '';
  }
}

/**
 * "Try the model": loads the latest checkpoint of the run through an IPFS HTTP gateway, checks it against the
 * chain, and runs it in the page: draw or pick a digit for an MNIST run, generate text for a gpt run.
 */
export function ModelPanel({
  run,
  submissions,
  gatewayUrl: gatewayProp,
  fetchImpl,
  timeoutMs,
  tfjsBackends,
  loadEngine,
}: ModelPanelProps) {
  const [envGateway] = useState(gatewayFromEnv);
  const gatewayUrl = gatewayProp ?? envGateway.url;
  const candidates = checkpointCandidates(submissions);
  const choice = candidates[0];
  const [state, begin] = useTaskState<LoadState>({ kind: 'idle' }, run.runId);

  const load = useCallback(
    async (c: CheckpointChoice) => {
      if (!gatewayUrl) return;
      const { signal, update } = begin();
      update({ kind: 'loading', stage: 'code', choice: c });
      try {
        const runtime = await loadRuntime();
        // The wasm module is fetched and compiled while the checkpoint is (once per page: later loads reuse it).
        const engine = (loadEngine ?? runtime.loadEngineBackend)();
        const loaded = await runtime.loadRunModel({
          gatewayUrl,
          run,
          choice: c,
          signal,
          ...(fetchImpl ? { fetchImpl } : {}),
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
          onStage: (stage) => update({ kind: 'loading', stage, choice: c }),
        });
        update({ kind: 'ready', loaded, runtime, engine: await engine });
      } catch (err) {
        update({ kind: 'error', error: err instanceof Error ? err : new Error(String(err)), choice: c });
      }
    },
    [gatewayUrl, run, fetchImpl, timeoutMs, loadEngine, begin],
  );

  let body: ReactNode;
  if (!gatewayUrl) {
    body = (
      <p data-testid="model-status">
        {envGateway.error ?? 'No IPFS gateway is configured, so checkpoints cannot be fetched.'} Start the IPFS hub with{' '}
        <code>--gateway 127.0.0.1:5174</code> (<code>npm start</code> does) and build or serve the dashboard with{' '}
        <code>VITE_IPFS_GATEWAY=http://127.0.0.1:5174</code>.
      </p>
    );
  } else if (state.kind === 'loading') {
    body = (
      <p role="status" data-testid="model-status" className="banner banner-loading">
        {STAGE_TEXT[state.stage]} ({describeChoice(state.choice)})
      </p>
    );
  } else if (state.kind === 'error') {
    const older = candidates.find((c) => c.submission.lastStep < state.choice.submission.lastStep);
    body = (
      <div role="alert" data-testid="model-error" className="banner banner-error">
        <p>
          <strong>Could not load the checkpoint of {describeChoice(state.choice)}.</strong> {state.error.message}
        </p>
        <p>{advice(state.error, gatewayUrl)}</p>
        <p style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem' }}>
          <button type="button" data-testid="model-retry" onClick={() => void load(state.choice)}>
            {isRetryable(state.error) ? 'Retry' : 'Try again'}
          </button>
          {older && (
            <button type="button" data-testid="model-load-older" onClick={() => void load(older)}>
              Load the previous checkpoint: {describeChoice(older)}
            </button>
          )}
        </p>
      </div>
    );
  } else if (state.kind === 'ready') {
    const { loaded, runtime, engine } = state;
    const newer =
      choice && (choice.submission.id !== loaded.submissionId || choice.final !== loaded.final) ? choice : undefined;
    body = (
      <>
        <p data-testid="model-source">
          Checkpoint of step <strong>{loaded.step}</strong> (submission #{loaded.submissionId},{' '}
          {loaded.final ? 'final' : 'pending: it may still be disputed'}
          ),{' '}
          {loaded.spec.model.kind === 'mlp'
            ? `MLP ${loaded.spec.model.layers.join('-')}`
            : `GPT ${loaded.spec.model.nLayer} layers, ${loaded.spec.model.nEmbd} wide`}
          , {Math.round(loaded.checkpointBytes / 1024)} KiB from{' '}
          <code title={loaded.checkpointCid}>{shortHex(loaded.checkpointCid, 8)}</code>. Its stateRoot{' '}
          <code title={loaded.stateRoot}>{shortHex(loaded.stateRoot)}</code> equals the on-chain finalRoot.
        </p>
        <p data-testid="model-engine">
          {engine.name === 'wasm'
            ? 'Engine: wasm (the VT-F32 kernels as WebAssembly SIMD, the same bits as every validator).'
            : `Engine: ${runtime.describeEngineBackend(engine)}. The results are the same bits, only slower.`}
        </p>
        {newer && (
          <p>
            <button type="button" data-testid="model-load-newer" onClick={() => void load(newer)}>
              Load {describeChoice(newer)}
            </button>
          </p>
        )}
        {loaded.spec.model.kind === 'mlp' ? (
          <runtime.DigitTry
            key={loaded.checkpointCid}
            loaded={loaded}
            runtime={runtime}
            engine={engine}
            {...(tfjsBackends ? { tfjsBackends } : {})}
          />
        ) : (
          <runtime.TextTry key={loaded.checkpointCid} loaded={loaded} runtime={runtime} engine={engine} />
        )}
      </>
    );
  } else if (!choice) {
    body = (
      <p data-testid="model-status">
        No checkpoint to try yet: the first submission with a checkpoint will appear here.
      </p>
    );
  } else {
    body = (
      <p>
        <button type="button" data-testid="model-load" onClick={() => void load(choice)}>
          Load the model at {describeChoice(choice)}
        </button>
      </p>
    );
  }

  return (
    <section aria-labelledby="model-heading" className="card wide" data-testid="model-panel">
      <h2 id="model-heading">Try the model</h2>
      {body}
    </section>
  );
}
