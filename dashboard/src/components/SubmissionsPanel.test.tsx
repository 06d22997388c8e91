// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../data/types';
import { MLP_RELU_SPEC } from '../model/testing/runFixture';
import { DATASETS_URL, verifyFetch, verifyFixture } from '../model/testing/verifyFixture';
import { wasmEngine } from '../model/testing/wasmEngine';
import { computeStepsHere, type ComputeSteps } from '../verify/computeSteps';
import { SubmissionsPanel } from './SubmissionsPanel';

afterEach(cleanup);

const GW = 'http://127.0.0.1:5174';
// Real submissions of a real run: #1 honest (steps 1–2 from genesis), #2 on #1 with step 4 corrupted as the devnet's
// adversary corrupts its step, #3 the honest redo; the training data served from datasets/ as the dev server does.
const fx = await verifyFixture(MLP_RELU_SPEC);
const leased: SubmissionView = {
  ...fx.redone,
  id: 4,
  parentId: 3,
  firstStep: 6,
  lastStep: 8,
  status: 'leased',
  stepsRoot: undefined,
  finalRoot: undefined,
  checkpointCid: undefined,
  losses: undefined,
};
const submissions = [leased, fx.redone, fx.corrupted, fx.honest];
// happy-dom has no Web Worker: the steps run on the page's thread, on the wasm backend the page would use.
const onWasm: ComputeSteps = async (input, options) =>
  computeStepsHere(input, { ...options, why: 'no Web Worker in happy-dom', engine: await wasmEngine() });

const panel = (over: Partial<Parameters<typeof SubmissionsPanel>[0]> = {}) => (
  <SubmissionsPanel
    run={fx.run}
    submissions={submissions}
    gatewayUrl={GW}
    datasetsUrl={DATASETS_URL}
    fetchImpl={verifyFetch(fx.files)}
    computeSteps={onWasm}
    {...over}
  />
);

describe('SubmissionsPanel: Verify', () => {
  it('offers Verify on submitted rows with a known parent, and nothing without a gateway', () => {
    const { unmount } = render(panel());
    expect(screen.getByTestId('verify-1').textContent).toBe('Verify steps 1–2');
    expect(screen.getByTestId('verify-2').getAttribute('aria-label')).toBe('Verify steps 3–5 of submission 2');
    expect(screen.queryByTestId('verify-4')).toBeNull();
    expect(within(screen.getByTestId('submission-4')).getAllByRole('cell').at(-1)!.textContent).toBe('—');
    unmount();
    render(<SubmissionsPanel run={fx.run} submissions={submissions} />);
    expect(screen.queryByRole('columnheader', { name: 'Verify' })).toBeNull();
    expect(screen.queryByTestId('verify-1')).toBeNull();
  });

  it('shows the corrupted step of a submission with the committed and the computed root', async () => {
    render(panel());
    fireEvent.click(screen.getByTestId('verify-2'));
    expect(screen.getByTestId('verify-status').textContent).toContain('Verifying submission #2 (steps 3–5)');
    const summary = await screen.findByTestId('verify-summary', {}, { timeout: 20_000 });
    expect(summary.textContent).toMatch(
      /^Submission #2, steps 3–5: ✗ step 4 differs from the commitment\. Re-executed here from the checkpoint of submission #1 \(stateRoot 0x[0-9a-f]{8}…[0-9a-f]{4},\s*as on chain\), on the training data of datasetRoot 0xab617242…7bc9 \(checked\), by the engine \(wasm\) in the page's thread \(no Web Worker in happy-dom\) in \d+ ms\.$/,
    );
    expect(screen.getByTestId('verify-step-3').textContent).toMatch(
      /^✓ step 3 matches the commitment \(stateRoot 0x[0-9a-f]{8}…[0-9a-f]{4}\)$/,
    );
    const step4 = screen.getByTestId('verify-step-4');
    expect(step4.textContent).toMatch(
      /^✗ step 4 differs: committed 0x[0-9a-f]{8}…[0-9a-f]{4} computed 0x[0-9a-f]{8}…[0-9a-f]{4}$/,
    );
    const [committed, computed] = Array.from(step4.querySelectorAll('code'), (c) => c.getAttribute('title'));
    expect(computed).toBe(fx.honestRecords[3]!.stateRoot);
    expect(committed).not.toBe(computed);
    expect(screen.getByTestId('verify-result').textContent).toContain(
      'Steps after the first wrong one are compared with a state the worker built on its wrong step',
    );
  });

  it('shows an honest submission matching, step by step', async () => {
    render(panel());
    fireEvent.click(screen.getByTestId('verify-3'));
    const summary = await screen.findByTestId('verify-summary', {}, { timeout: 20_000 });
    expect(summary.textContent).toContain('Submission #3, steps 3–5: ✓ all 3 steps match the commitment.');
    for (const step of [3, 4, 5])
      expect(screen.getByTestId(`verify-step-${step}`).textContent).toContain(
        `✓ step ${step} matches the commitment (stateRoot ${fx.honestRecords[step - 1]!.stateRoot.slice(0, 10)}…`,
      );
  });

  it('says what kept it from verifying, with a way to try again', async () => {
    const down = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    render(panel({ datasetsUrl: `${DATASETS_URL}/down`, fetchImpl: verifyFetch(fx.files, down) }));
    fireEvent.click(screen.getByTestId('verify-1'));
    const alert = await screen.findByTestId('verify-error', {}, { timeout: 20_000 });
    expect(alert.textContent).toContain(
      `Could not verify submission #1 (steps 1–2). could not reach the dataset server ${DATASETS_URL}/down for the dataset manifest mnist/manifest.json`,
    );
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
