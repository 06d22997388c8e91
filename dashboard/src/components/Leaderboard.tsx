import type { WorkerView } from '../data';
import { eth, tokens } from '../app/format';
import { Address } from './Address';

export function Leaderboard({ workers }: { workers: readonly WorkerView[] }) {
  return (
    <section aria-labelledby="workers-heading" className="card span2">
      <h2 id="workers-heading">Workers</h2>
      {workers.length === 0 ? (
        <p>No workers yet.</p>
      ) : (
        <section
          className="scroll"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take keyboard focus to scroll (WCAG 2.1.1)
          tabIndex={0}
          aria-label="Workers leaderboard, scrolls sideways"
        >
          <table>
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col">Final steps</th>
                <th scope="col">Submitted</th>
                <th scope="col">Rewards</th>
                <th scope="col">Slashes</th>
              </tr>
            </thead>
            <tbody>
              {workers.map((w) => (
                <tr key={w.address} data-testid={`worker-${w.address}`}>
                  <td>
                    <Address address={w.address} />
                  </td>
                  <td>{w.stepsFinalized}</td>
                  <td>{w.stepsSubmitted}</td>
                  <td>{tokens(w.rewardTokens)}</td>
                  <td>{w.slashes === 0 ? '0' : `${w.slashes} (${eth(w.slashedWei)})`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
