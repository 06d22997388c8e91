import type { ReactNode } from 'react';
import type { SubmissionView } from '../data';
import { shortHex, stepRange } from '../app/format';
import { Address } from './Address';

const statusLabel: Record<SubmissionView['status'], string> = {
  leased: 'leased',
  expired: 'expired',
  cancelled: 'cancelled',
  pending: 'pending',
  final: 'final',
  invalid: 'invalid',
  orphaned: 'orphaned',
};

/** The "Verify" column: which rows offer it, what a click does, and what to show under the table. */
export type VerifyColumn = {
  canVerify(s: SubmissionView): boolean;
  onVerify(s: SubmissionView): void;
  /** A verification is running: the buttons wait for it. */
  busy: boolean;
  /** Its progress or result, shown under the table. */
  result: ReactNode;
};

export function SubmissionsTable({
  submissions,
  limit = 50,
  verify,
}: {
  submissions: readonly SubmissionView[];
  limit?: number;
  verify?: VerifyColumn | undefined;
}) {
  const shown = submissions.slice(0, limit);
  return (
    <section aria-labelledby="subs-heading" className="card wide">
      <h2 id="subs-heading">Submissions</h2>
      {shown.length === 0 ? (
        <p>No leases yet.</p>
      ) : (
        <section
          className="scroll"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take keyboard focus to scroll (WCAG 2.1.1)
          tabIndex={0}
          aria-label="Submissions table, scrolls sideways"
        >
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Steps</th>
                <th scope="col">Status</th>
                <th scope="col">Worker</th>
                <th scope="col">Parent</th>
                <th scope="col">Steps root</th>
                <th scope="col">Checkpoint</th>
                {verify && <th scope="col">Verify</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.id} data-testid={`submission-${s.id}`}>
                  <td>{s.id}</td>
                  <td>
                    {s.firstStep}–{s.lastStep}
                  </td>
                  <td>
                    <span className={`pill pill-${s.status}`}>
                      {statusLabel[s.status]}
                      {s.status === 'orphaned' && !s.reclaimed ? ' (parent invalid)' : ''}
                    </span>
                  </td>
                  <td>
                    <Address address={s.holder} />
                  </td>
                  <td>{s.parentId === 0 ? 'genesis' : s.parentId}</td>
                  <td>{s.stepsRoot ? <code title={s.stepsRoot}>{shortHex(s.stepsRoot)}</code> : '—'}</td>
                  <td>{s.checkpointCid ? <code title={s.checkpointCid}>{shortHex(s.checkpointCid, 8)}</code> : '—'}</td>
                  {verify && (
                    <td>
                      {verify.canVerify(s) ? (
                        <button
                          type="button"
                          data-testid={`verify-${s.id}`}
                          disabled={verify.busy}
                          aria-label={`Verify ${stepRange(s)} of submission ${s.id}`}
                          onClick={() => verify.onVerify(s)}
                        >
                          Verify {stepRange(s)}
                        </button>
                      ) : (
                        '—'
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {verify?.result}
    </section>
  );
}
