import { disputePhase, type DisputeView } from '../data';
import { countdown, loss, shortHex } from '../app/format';
import { Address } from './Address';
import { VotePanel, type Voting } from './VotePanel';

const phaseLabel = {
  commit: 'commit votes',
  reveal: 'reveal votes',
  'awaiting-resolution': 'awaiting resolution',
  resolved: 'resolved',
} as const;
const outcomeLabel = {
  fraud: 'fraud: submission invalidated',
  honest: 'honest: challenger loses bond',
  'no-quorum': 'no quorum: submission stands',
} as const;

function deadline(d: DisputeView, nowS: number | undefined): string {
  if (nowS === undefined) return '';
  const phase = disputePhase(d, nowS);
  if (phase === 'commit' && d.commitEndS !== undefined) return `${countdown(d.commitEndS - nowS)} left`;
  if (phase === 'reveal' && d.revealEndS !== undefined) return `${countdown(d.revealEndS - nowS)} left`;
  return '';
}

export function DisputesTable({
  disputes,
  nowS,
  voting,
}: {
  disputes: readonly DisputeView[];
  nowS: number | undefined;
  voting?: Voting | undefined;
}) {
  return (
    <section aria-labelledby="disputes-heading" className="card wide">
      <h2 id="disputes-heading">Disputes</h2>
      {disputes.length === 0 ? (
        <p>No disputes: every submission so far went unchallenged.</p>
      ) : (
        <section
          className="scroll"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take keyboard focus to scroll (WCAG 2.1.1)
          tabIndex={0}
          aria-label="Disputes table, scrolls sideways"
        >
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Submission</th>
                <th scope="col">Step</th>
                <th scope="col">Worker / challenger</th>
                <th scope="col">Claim</th>
                <th scope="col">Phase</th>
                <th scope="col">Votes revealed</th>
                <th scope="col">Outcome</th>
                {voting && <th scope="col">Your vote</th>}
              </tr>
            </thead>
            <tbody>
              {disputes.map((d) => {
                const ballots = Object.values(d.ballots);
                const fraud = ballots.filter((b) => b.vote === 'fraud').length;
                const honest = ballots.filter((b) => b.vote === 'honest').length;
                const phase = nowS === undefined ? undefined : disputePhase(d, nowS);
                return (
                  <tr key={d.id} data-testid={`dispute-${d.id}`}>
                    <td>{d.id}</td>
                    <td>{d.submissionId}</td>
                    <td>{d.step === 0 ? 'whole lease' : d.step}</td>
                    <td>
                      {d.worker ? <Address address={d.worker} /> : '?'} / <Address address={d.challenger} />
                    </td>
                    <td>
                      {d.step === 0 ? (
                        '—'
                      ) : (
                        <>
                          worker <code title={d.workerRoot}>{shortHex(d.workerRoot, 4)}</code> (loss{' '}
                          {loss(d.workerLoss)})
                          <br />
                          vs <code title={d.claimedRoot}>{shortHex(d.claimedRoot, 4)}</code> (loss {loss(d.claimedLoss)}
                          )
                        </>
                      )}
                    </td>
                    <td>
                      {phase ? phaseLabel[phase] : '…'} {deadline(d, nowS)}
                    </td>
                    <td className="wrap">
                      {fraud} fraud, {honest} honest of {ballots.length} committed
                    </td>
                    <td className="wrap">{d.outcome ? outcomeLabel[d.outcome] : 'open'}</td>
                    {voting && (
                      <td className="wrap">{phase ? <VotePanel dispute={d} phase={phase} voting={voting} /> : null}</td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
