import { useCallback, useState, type ReactNode } from 'react';
import type { RunView, SubmissionView } from '../data';
import { stepRange } from '../app/format';
import { datasetsUrlFromEnv, gatewayFromEnv } from '../app/pageEnv';
import { useTaskState } from '../app/useTaskState';
import type { SubmissionWithCheckpoint } from '../model/fetchSubmissionCheckpoint';
import type { ComputeSteps } from '../verify/computeSteps';
import type * as VerifyRuntime from '../verify/runtime';
import { SubmissionsTable, type VerifyColumn } from './SubmissionsTable';

type Verification = VerifyRuntime.SubmissionVerification;
/** A row that can be verified: submitted, with every commitment read from the chain. */
type VerifiableSubmission = SubmissionView & VerifyRuntime.VerifiableSubmission;

// The checks, the data fetcher and the steps tree builder are a chunk fetched on the first "Verify".
const loadVerifyRuntime = (): Promise<typeof VerifyRuntime> => import('../verify/runtime');

export type SubmissionsPanelProps = {
  run: RunView;
  /** The run's submissions (the timeline); parents are looked up here. */
  submissions: readonly SubmissionView[];
  /** Base URLs of the IPFS gateway and of the training data; default VITE_IPFS_GATEWAY and VITE_DATASETS_URL. */
  gatewayUrl?: string | undefined;
  datasetsUrl?: string | undefined;
  /** Test seams: the fetch everything is read with, its timeout, where the steps run. */
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  computeSteps?: ComputeSteps;
};

type VerifyState =
  | { kind: 'idle' }
  | { kind: 'running'; sub: VerifiableSubmission; text: string }
  | { kind: 'done'; result: Verification; runtime: typeof VerifyRuntime }
  | { kind: 'error'; sub: VerifiableSubmission; error: Error };

const VERIFIABLE: readonly SubmissionView['status'][] = ['pending', 'final', 'invalid', 'orphaned'];

const isVerifiable = (s: SubmissionView): s is VerifiableSubmission =>
  VERIFIABLE.includes(s.status) &&
  s.stepsRoot !== undefined &&
  s.finalRoot !== undefined &&
  s.checkpointCid !== undefined &&
  s.losses !== undefined;

const withCheckpoint = (s: SubmissionView | undefined): s is SubmissionView & SubmissionWithCheckpoint =>
  s?.checkpointCid !== undefined && s.finalRoot !== undefined;

/**
 * The submissions table, and its "Verify" column: re-execute a submission's steps in the page (the engine on wasm,
 * in a Web Worker) from its parent state and compare each step's stateRoot and loss with what it committed.
 */
export function SubmissionsPanel({
  run,
  submissions,
  gatewayUrl: gatewayProp,
  datasetsUrl: datasetsProp,
  fetchImpl,
  timeoutMs,
  computeSteps,
}: SubmissionsPanelProps) {
  const [env] = useState(() => ({ gateway: gatewayFromEnv(), datasets: datasetsUrlFromEnv() }));
  const gatewayUrl = gatewayProp ?? env.gateway.url;
  const datasetsUrl = datasetsProp ?? env.datasets.url;
  const [state, begin] = useTaskState<VerifyState>({ kind: 'idle' }, run.runId);

  const parentOf = useCallback(
    (s: SubmissionView): SubmissionWithCheckpoint | 'genesis' | undefined => {
      if (s.parentId === 0) return 'genesis';
      const parent = submissions.find((p) => p.id === s.parentId);
      return withCheckpoint(parent) ? parent : undefined;
    },
    [submissions],
  );

  const verify = useCallback(
    async (s: SubmissionView) => {
      const parent = parentOf(s);
      if (!gatewayUrl || !datasetsUrl || !isVerifiable(s) || !parent) return;
      const { signal, update } = begin();
      update({ kind: 'running', sub: s, text: 'Loading the verification code…' });
      try {
        const runtime = await loadVerifyRuntime();
        const result = await runtime.verifySubmission({
          gatewayUrl,
          datasetsUrl,
          run,
          submission: s,
          parent,
          signal,
          ...(fetchImpl ? { fetchImpl } : {}),
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
          ...(computeSteps ? { computeSteps } : {}),
          onStage: (stage) => update({ kind: 'running', sub: s, text: runtime.describeVerifyStage(stage, s) }),
        });
        update({ kind: 'done', result, runtime });
      } catch (err) {
        update({ kind: 'error', sub: s, error: err instanceof Error ? err : new Error(String(err)) });
      }
    },
    [gatewayUrl, datasetsUrl, run, parentOf, fetchImpl, timeoutMs, computeSteps, begin],
  );

  let result: ReactNode;
  if (state.kind === 'running') {
    result = (
      <p role="status" data-testid="verify-status" className="banner banner-loading">
        Verifying submission #{state.sub.id} ({stepRange(state.sub)}): {state.text}
      </p>
    );
  } else if (state.kind === 'error') {
    result = (
      <div role="alert" data-testid="verify-error" className="banner banner-error">
        <p>
          <strong>
            Could not verify submission #{state.sub.id} ({stepRange(state.sub)}).
          </strong>{' '}
          {state.error.message}
        </p>
        <p>
          <button type="button" onClick={() => void verify(state.sub)}>
            Try again
          </button>
        </p>
      </div>
    );
  } else if (state.kind === 'done') {
    result = (
      <div data-testid="verify-result" role="status">
        <state.runtime.VerificationReport r={state.result} />
      </div>
    );
  }

  const column: VerifyColumn | undefined =
    gatewayUrl && datasetsUrl
      ? {
          canVerify: (s) => isVerifiable(s) && parentOf(s) !== undefined,
          onVerify: (s) => void verify(s),
          busy: state.kind === 'running',
          result,
        }
      : undefined;
  return <SubmissionsTable submissions={submissions} verify={column} />;
}
