import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { LossPoint } from '../data';
import { loss } from '../app/format';

/** uPlot's aligned data: steps, then finalized losses and pending losses (null where a series has no point). */
export function chartData(points: readonly LossPoint[]): [number[], (number | null)[], (number | null)[]] {
  const steps = points.map((p) => p.step);
  const final = points.map((p) => (p.final ? p.loss : null));
  // The pending series starts at the last finalized point so the curve has no gap between the two.
  // With nothing pending there is no pending series at all (no stray pending mark on the last final step).
  const lastFinal = points.findLastIndex((p) => p.final);
  const anyPending = points.some((p) => !p.final);
  const pending = points.map((p, i) => (!p.final || (anyPending && i === lastFinal) ? p.loss : null));
  return [steps, final, pending];
}

export function LossChart({ points }: { points: readonly LossPoint[] }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const finalCount = points.filter((p) => p.final).length;
  const last = points.at(-1);

  useEffect(() => {
    const el = box.current;
    if (!el || points.length === 0) return;
    const width = Math.max(240, el.clientWidth);
    if (!plot.current) {
      plot.current = new uPlot(
        {
          width,
          height: 240,
          scales: { x: { time: false } },
          // Steps are integers: no tick at step 2.5.
          axes: [
            {
              label: 'step',
              incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 100_000, 1_000_000],
            },
            { label: 'loss' },
          ],
          series: [
            { label: 'step' },
            { label: 'finalized', stroke: '#2563eb', width: 2 },
            { label: 'pending', stroke: '#d97706', width: 2, dash: [6, 4], points: { show: true } },
          ],
        },
        chartData(points),
        el,
      );
    } else {
      plot.current.setData(chartData(points));
    }
  }, [points]);

  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(240, el.clientWidth), height: 240 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  return (
    <section aria-labelledby="loss-heading" className="card wide">
      <h2 id="loss-heading">Training loss</h2>
      {points.length === 0 ? (
        <p>No steps submitted yet.</p>
      ) : (
        <p data-testid="loss-summary">
          Latest loss {loss(last!.loss)} at step {last!.step} ({last!.final ? 'finalized' : 'pending'}); {finalCount}{' '}
          finalized and {points.length - finalCount} pending steps. <span className="legend final">━ finalized</span>{' '}
          <span className="legend pending">┅ pending</span>
        </p>
      )}
      {/* Mounted for the component's whole life, only hidden while there are no points (a verdict can invalidate
          every submitted step): the plot and its resize observer stay attached to the element on the page. */}
      <div
        ref={box}
        className="chart"
        role="img"
        aria-label={`Loss curve over ${points.length} steps`}
        hidden={points.length === 0}
      />
    </section>
  );
}
