import type { CourtHealth } from '../data';
import { percent, tokens } from '../app/format';

export function CourtHealthCard({ health }: { health: CourtHealth }) {
  return (
    <section aria-labelledby="court-heading" className="card">
      <h2 id="court-heading">Validators and court</h2>
      <dl className="facts">
        <div>
          <dt>Total stake</dt>
          <dd data-testid="total-stake">{tokens(health.totalStake)}</dd>
        </div>
        <div>
          <dt>Active validators</dt>
          <dd>{health.activeValidators}</dd>
        </div>
        <div>
          <dt>Quorum</dt>
          <dd>{health.quorumBps !== undefined ? `${percent(health.quorumBps)} of stake must reveal` : 'unknown'}</dd>
        </div>
      </dl>
      {health.openDisputes
        .filter((q) => q.undecidedRounds > 0)
        .map((q) => (
          <p key={`stalled-${q.disputeId}`} role="alert" className="banner banner-error" data-testid="court-stalled">
            Court undecided: dispute {q.disputeId} ended {q.undecidedRounds}{' '}
            {q.undecidedRounds === 1 ? 'round' : 'rounds'} without a verdict (no quorum or a tie). The run is halted at
            submission {q.submissionId} until validators decide; staked validators that do not vote lose part of their
            stake.
          </p>
        ))}
      {health.openDisputes.length > 0 && (
        <ul className="quorum">
          {health.openDisputes.map((q) => (
            <li key={q.disputeId}>
              Dispute {q.disputeId}: {percent(q.committedBps)} committed, {percent(q.revealedBps)} revealed —{' '}
              {q.reached ? 'quorum reached' : 'quorum not reached yet'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
