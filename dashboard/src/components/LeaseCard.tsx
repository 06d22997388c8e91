import type { CurrentLease } from '../data';
import { countdown } from '../app/format';
import { Address } from './Address';

export function LeaseCard({ current }: { current: CurrentLease | undefined }) {
  return (
    <section aria-labelledby="lease-heading" className="card">
      <h2 id="lease-heading">Current lease</h2>
      {current ? (
        <dl className="facts">
          <div>
            <dt>Holder</dt>
            <dd>
              <Address address={current.lease.holder} />
            </dd>
          </div>
          <div>
            <dt>Steps</dt>
            <dd>
              {current.lease.firstStep}–{current.lease.lastStep}
            </dd>
          </div>
          <div>
            <dt>Deadline</dt>
            <dd data-testid="lease-countdown" className={current.secondsLeft < 0 ? 'overdue' : undefined}>
              {current.secondsLeft >= 0
                ? `${countdown(current.secondsLeft)} left`
                : `overdue by ${countdown(-current.secondsLeft)}: anyone may expire it`}
            </dd>
          </div>
        </dl>
      ) : (
        <p>No lease held: the next worker may take one.</p>
      )}
    </section>
  );
}
