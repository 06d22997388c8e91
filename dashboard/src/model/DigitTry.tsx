import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import type * as RuntimeModule from './runtime';
import type { TfjsBackendName, TfjsMlp } from './tfjsMlp';

type Classification = RuntimeModule.Classification;
const PAD_PX = 280;

export type DigitTryProps = {
  loaded: RuntimeModule.LoadedModel;
  runtime: typeof RuntimeModule;
  /** The backend the engine's prediction runs on. */
  engine: RuntimeModule.EngineBackend;
  tfjsBackends?: readonly TfjsBackendName[];
};

type TfjsState = { kind: 'loading' } | { kind: 'ready'; mlp: TfjsMlp } | { kind: 'error'; message: string };

const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

/**
 * Draw a digit (mouse, pen or touch) or pick a test digit (keyboard), and see the class the checkpoint predicts:
 * the engine's exact VT-F32 forward pass beside TensorFlow.js's.
 */
export function DigitTry({ loaded, runtime, engine, tfjsBackends = ['webgl', 'cpu'] }: DigitTryProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const previewRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ x: number; y: number } | undefined>(undefined);
  const [pixels, setPixels] = useState<Uint8Array | undefined>(undefined);
  const [sample, setSample] = useState('');
  const [tfjs, setTfjs] = useState<TfjsState>({ kind: 'loading' });
  const [tfjsResult, setTfjsResult] = useState<Classification | undefined>(undefined);

  // What the model is given: a drawing is cropped, scaled and centred, which is worth seeing when it surprises.
  useEffect(() => {
    const c = previewRef.current?.getContext('2d');
    if (!c) return;
    const image = c.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = pixels?.[i] ?? 0;
      image.data.set([v, v, v, 255], i * 4);
    }
    c.putImageData(image, 0, 0);
  }, [pixels]);

  const exact = useMemo(
    () => (pixels ? runtime.engineClassify(loaded, pixels, engine.backend) : undefined),
    [pixels, loaded, runtime, engine],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: tfjsBackends is a per-mount setting (its default is a fresh array each render)
  useEffect(() => {
    let mlp: TfjsMlp | undefined;
    let cancelled = false;
    const model = loaded.spec.model;
    if (model.kind !== 'mlp') return;
    runtime
      .loadTfjsMlp()
      .then((m) => m.createTfjsMlp(model, loaded.params, tfjsBackends))
      .then(
        (created) => {
          if (cancelled) return created.dispose();
          mlp = created;
          setTfjs({ kind: 'ready', mlp: created });
        },
        (err: unknown) =>
          !cancelled && setTfjs({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
    return () => {
      cancelled = true;
      mlp?.dispose();
    };
    // tfjsBackends is a constant per mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded, runtime]);

  useEffect(() => {
    setTfjsResult(undefined);
    if (!pixels || tfjs.kind !== 'ready') return;
    let cancelled = false;
    tfjs.mlp.classify(pixels).then(
      (r) => !cancelled && setTfjsResult(r),
      (err: unknown) =>
        !cancelled && setTfjs({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [pixels, tfjs]);

  const ctx = () => {
    const c = canvasRef.current?.getContext('2d') ?? null;
    if (c) {
      c.lineCap = 'round';
      c.lineJoin = 'round';
      c.lineWidth = 22;
      c.strokeStyle = '#fff';
      c.fillStyle = '#fff';
    }
    return c;
  };
  const clearPad = () => {
    const c = canvasRef.current?.getContext('2d');
    if (c) {
      c.fillStyle = '#000';
      c.fillRect(0, 0, PAD_PX, PAD_PX);
    }
  };
  useEffect(clearPad, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * PAD_PX) / rect.width, y: ((e.clientY - rect.top) * PAD_PX) / rect.height };
  };
  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture?.(e.pointerId);
    if (sample) {
      // A picked test digit is replaced by the drawing, not drawn over.
      clearPad();
      setSample('');
    }
    const p = point(e);
    drawing.current = p;
    const c = ctx();
    c?.beginPath();
    c?.arc(p.x, p.y, 11, 0, 2 * Math.PI);
    c?.fill();
  };
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const p = point(e);
    const c = ctx();
    c?.beginPath();
    c?.moveTo(drawing.current.x, drawing.current.y);
    c?.lineTo(p.x, p.y);
    c?.stroke();
    drawing.current = p;
  };
  const onUp = () => {
    if (!drawing.current) return;
    drawing.current = undefined;
    const c = canvasRef.current?.getContext('2d');
    if (!c) return;
    const rgba = c.getImageData(0, 0, PAD_PX, PAD_PX).data;
    const ink = new Uint8Array(PAD_PX * PAD_PX);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4]!;
    setPixels(runtime.inkToMnist(ink, PAD_PX, PAD_PX));
  };

  const pickSample = (value: string) => {
    setSample(value);
    if (value === '') return;
    const s = runtime.MNIST_SAMPLES[Number(value)]!;
    const px = runtime.samplePixels(s);
    setPixels(px);
    // Show the digit on the pad, 10 × 10 canvas pixels per image pixel.
    clearPad();
    const c = canvasRef.current?.getContext('2d');
    if (c) {
      for (let i = 0; i < px.length; i++) {
        if (px[i] === 0) continue;
        c.fillStyle = `rgb(${px[i]},${px[i]},${px[i]})`;
        c.fillRect((i % 28) * 10, Math.floor(i / 28) * 10, 10, 10);
      }
    }
  };

  const clear = () => {
    clearPad();
    setSample('');
    setPixels(undefined);
  };

  const tfjsLabel = tfjs.kind === 'ready' ? `TensorFlow.js (${tfjs.mlp.backend})` : 'TensorFlow.js';
  return (
    <div className="try-digit">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '1rem', alignItems: 'flex-start' }}>
        <div>
          <canvas
            ref={canvasRef}
            width={PAD_PX}
            height={PAD_PX}
            data-testid="model-canvas"
            aria-label="Drawing pad: draw a digit with the mouse, a pen or a finger"
            style={{
              width: 'min(280px, 70vw)',
              aspectRatio: '1',
              touchAction: 'none',
              background: '#000',
              borderRadius: 8,
              cursor: 'crosshair',
            }}
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={onUp}
            onPointerLeave={onUp}
          />
          <p style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem', alignItems: 'center' }}>
            <button type="button" onClick={clear}>
              Clear
            </button>
            <label>
              Or pick a test digit{' '}
              <select data-testid="model-sample" value={sample} onChange={(e) => pickSample(e.target.value)}>
                <option value="">—</option>
                {runtime.MNIST_SAMPLES.map((s, i) => (
                  <option key={s.testIndex} value={i}>
                    a {s.label} (test image {s.testIndex})
                  </option>
                ))}
              </select>
            </label>
          </p>
        </div>
        <div style={{ flex: '1 1 16rem', minWidth: 0 }}>
          {!exact ? (
            <p data-testid="model-prediction">Draw a digit or pick a test digit to see what the model predicts.</p>
          ) : (
            <>
              <p style={{ display: 'flex', alignItems: 'center', gap: '0.5rem', margin: 0 }}>
                {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a decorative canvas, never focusable; the span beside it says what it shows */}
                <canvas
                  ref={previewRef}
                  width={28}
                  height={28}
                  aria-hidden="true"
                  style={{ width: 56, height: 56, imageRendering: 'pixelated', borderRadius: 4 }}
                />
                <span>the 28×28 image the model reads</span>
              </p>
              <p data-testid="model-prediction" role="status">
                Predicted: <strong data-testid="model-predicted-class">{exact.predicted}</strong> (
                {percent(exact.probabilities[exact.predicted]!)}, engine ({engine.name}), exact VT-F32)
              </p>
              <p data-testid="model-agreement">
                {tfjs.kind === 'error'
                  ? `TensorFlow.js could not run here: ${tfjs.message}`
                  : !tfjsResult
                    ? 'TensorFlow.js is computing…'
                    : tfjsResult.predicted === exact.predicted
                      ? `${tfjsLabel} agrees: ${tfjsResult.predicted}.`
                      : `${tfjsLabel} predicts ${tfjsResult.predicted}: it rounds differently from the exact engine, and this digit is a close call.`}
              </p>
              <section
                className="scroll"
                // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take keyboard focus to scroll (WCAG 2.1.1)
                tabIndex={0}
                aria-label="Class probabilities"
              >
                <table data-testid="model-probabilities">
                  <thead>
                    <tr>
                      <th scope="col">Class</th>
                      <th scope="col">Engine (VT-F32)</th>
                      <th scope="col">{tfjsLabel}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {exact.probabilities.map((p, c) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the index is the class label, a stable identity
                      <tr key={c} aria-current={c === exact.predicted ? 'true' : undefined}>
                        <th scope="row">{c === exact.predicted ? <strong>{c}</strong> : c}</th>
                        <td>
                          <meter min={0} max={1} value={p} aria-hidden="true" style={{ width: '4rem' }} /> {percent(p)}
                        </td>
                        <td>{tfjsResult ? percent(tfjsResult.probabilities[c]!) : '…'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
