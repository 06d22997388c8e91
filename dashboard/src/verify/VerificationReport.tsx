import type { ReactNode } from 'react';
import { shortHex, stepRange } from '../app/format';
import type { StepCheck, SubmissionVerification, VerifiableSubmission, VerifyStage } from './verifySubmission';

const bitsHex = (bits: number) => `0x${bits.toString(16).padStart(8, '0')}`;

function Root({ hex }: { hex: string }) {
  return <code title={hex}>{shortHex(hex, 8)}</code>;
}

function StepLine({ c }: { c: StepCheck }) {
  const lossDiff = !c.lossMatches && (
    <>
      {' '}
      loss bits committed <code>{bitsHex(c.committed.lossBits)}</code> computed{' '}
      <code>{bitsHex(c.computed.lossBits)}</code>
    </>
  );
  let line: ReactNode;
  if (c.rootMatches === false) {
    line = (
      <>
        ✗ step {c.step} differs: committed <Root hex={c.committed.stateRoot!} /> computed{' '}
        <Root hex={c.computed.stateRoot} />
        {lossDiff && <>;{lossDiff}</>}
      </>
    );
  } else if (!c.lossMatches) {
    line = (
      <>
        ✗ step {c.step} differs:{lossDiff}
      </>
    );
  } else if (c.rootMatches) {
    line = (
      <>
        ✓ step {c.step} matches the commitment (stateRoot <Root hex={c.computed.stateRoot} />)
      </>
    );
  } else {
    line = (
      <>
        ? step {c.step}: its loss matches the chain; its stateRoot (computed <Root hex={c.computed.stateRoot} />) was
        not published to compare
      </>
    );
  }
  return <li data-testid={`verify-step-${c.step}`}>{line}</li>;
}

/** What a verification found, step by step, and how it was computed. */
export function VerificationReport({ r }: { r: SubmissionVerification }) {
  const k = r.lastStep - r.firstStep + 1;
  const wrongAfter =
    r.firstWrongStep !== undefined &&
    r.steps.some((c) => c.step > r.firstWrongStep! && (c.rootMatches === false || !c.lossMatches));
  const where = r.thread.kind === 'worker' ? 'in a Web Worker' : `in the page's thread (${r.thread.why})`;
  const engine =
    r.engine.name === 'wasm' ? 'engine (wasm)' : `engine (ref: wasm unavailable: ${r.engine.fallbackReason})`;
  return (
    <>
      <p data-testid="verify-summary">
        <strong>
          Submission #{r.submissionId}, {stepRange(r)}:{' '}
          {r.firstWrongStep !== undefined
            ? `✗ step ${r.firstWrongStep} differs from the commitment`
            : `✓ all ${k === 1 ? 'of it matches' : `${k} steps match`} the commitment`}
          .
        </strong>{' '}
        Re-executed here from{' '}
        {r.parent.submissionId === 0 ? 'the genesis state' : `the checkpoint of submission #${r.parent.submissionId}`}{' '}
        (stateRoot <Root hex={r.parent.stateRoot} />, as on chain), on the training data of datasetRoot{' '}
        <Root hex={r.datasetRoot} /> (checked), by the {engine} {where} in {Math.max(1, Math.round(r.computeMs))} ms.
      </p>
      <ul data-testid="verify-steps">
        {r.steps.map((c) => (
          <StepLine key={c.step} c={c} />
        ))}
      </ul>
      {wrongAfter && (
        <p>
          Steps after the first wrong one are compared with a state the worker built on its wrong step, so they differ
          too.
        </p>
      )}
      {!r.recordsProven && (
        <p>
          The worker's step records were not published, or do not hash to the on-chain stepsRoot (
          <Root hex={r.stepsRoot.committed} />; the recomputed records give <Root hex={r.stepsRoot.computed} />
          ): each step's loss is compared with the chain, and the last step's state with its finalRoot.
        </p>
      )}
    </>
  );
}

/** The progress line for a stage of verifySubmission. */
export function describeVerifyStage(
  stage: VerifyStage,
  sub: Pick<VerifiableSubmission, 'id' | 'firstStep' | 'lastStep'>,
): string {
  switch (stage.kind) {
    case 'spec':
      return 'Fetching the run spec from IPFS…';
    case 'parent':
      return stage.parentId === 0
        ? 'Rebuilding the genesis state and checking it against the chain…'
        : `Fetching the checkpoint of submission #${stage.parentId} (the parent) from IPFS…`;
    case 'data':
      return `Fetching the training data: ${(stage.fetchedBytes / 1e6).toFixed(1)} of ${(stage.totalBytes / 1e6).toFixed(1)} MB…`;
    case 'manifest':
      return `Fetching submission #${sub.id}'s step records from IPFS…`;
    case 'compute':
      return stage.done < stage.of
        ? `Re-executing step ${sub.firstStep + stage.done} of ${stepRange(sub)}…`
        : 'Comparing with the commitment…';
  }
}
