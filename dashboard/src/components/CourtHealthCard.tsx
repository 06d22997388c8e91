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
