import type { RunView, Throughput } from '../data';
import { eth, shortHex, tokens } from '../app/format';

export function RunOverview({ run, throughput }: { run: RunView; throughput?: Throughput | undefined }) {
  const finalPct = run.totalSteps ? (100 * run.finalizedStep) / run.totalSteps : 0;
  const tipPct = run.totalSteps ? (100 * run.tipStep) / run.totalSteps : 0;
  return (
    <section aria-labelledby="run-heading" className="card">
      <h2 id="run-heading">Run {run.runId}</h2>
      <div
        className="progress"
        role="progressbar"
        aria-label="Finalized steps"
        aria-valuemin={0}
        aria-valuemax={run.totalSteps}
        aria-valuenow={run.finalizedStep}
        aria-valuetext={`${run.finalizedStep} of ${run.totalSteps} steps finalized, ${run.tipStep} submitted`}
      >
        <div className="progress-tip" style={{ width: `${tipPct}%` }} />
        <div className="progress-final" style={{ width: `${finalPct}%` }} />
      </div>
      <dl className="facts">
        <div>
          <dt>Finalized</dt>
          <dd data-testid="finalized-step">
            {run.finalizedStep} / {run.totalSteps} steps
          </dd>
        </div>
        <div>
          <dt>Head (pending)</dt>
          <dd data-testid="tip-step">step {run.tipStep}</dd>
        </div>
        <div>
          <dt>Throughput</dt>
          <dd data-testid="throughput">
            {throughput
              ? `${throughput.stepsPerMinute.toFixed(1)} steps/min (last ${Math.round(throughput.windowS / 60)} min)`
              : '—'}
          </dd>
        </div>
        <div>
          <dt>Steps per lease</dt>
          <dd>{run.stepsPerLease}</dd>
        </div>
        <div>
          <dt>Reward</dt>
          <dd>{tokens(run.rewardPerStep)} / step</dd>
        </div>
        <div>
          <dt>Bonds</dt>
          <dd>
            worker {eth(run.workerBondWei)}, challenger {eth(run.challengerBondWei)}
          </dd>
        </div>
        <div>
          <dt>Spec</dt>
          <dd>
            <code title={run.specCid}>{shortHex(run.specCid, 10)}</code>
          </dd>
        </div>
      </dl>
    </section>
  );
}
