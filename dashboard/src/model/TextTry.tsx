import { useEffect, useRef, useState } from 'react';
import type * as RuntimeModule from './runtime';

export type TextTryProps = {
  loaded: RuntimeModule.LoadedModel;
  runtime: typeof RuntimeModule;
  engine: RuntimeModule.EngineBackend;
};

/** Type a prompt and let the checkpoint continue it, character by character (engine forward pass on `engine`). */
export function TextTry({ loaded, runtime, engine }: TextTryProps) {
  const [prompt, setPrompt] = useState('In the beginning');
  const [temperature, setTemperature] = useState('0.8');
  const [length, setLength] = useState('120');
  const [output, setOutput] = useState<{ prompt: string; text: string } | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [running, setRunning] = useState(false);
  const abortRef = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => abortRef.current?.abort(), []);

  const generate = async () => {
    const t = Number(temperature);
    const n = Number(length);
    if (!Number.isFinite(t) || t < 0 || t > 5)
      return setError(`Temperature: expected a number from 0 to 5, got ${JSON.stringify(temperature)}`);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      return setError(`Characters: expected a whole number from 1 to 1000, got ${JSON.stringify(length)}`);
    setError(undefined);
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setRunning(true);
    setOutput({ prompt, text: '' });
    try {
      await runtime.generateText({
        loaded,
        backend: engine.backend,
        prompt,
        maxNewChars: n,
        temperature: t,
        signal: controller.signal,
        onText: (text) => !controller.signal.aborted && setOutput({ prompt, text }),
      });
    } catch (err) {
      if (!controller.signal.aborted) setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (abortRef.current === controller) setRunning(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void generate();
      }}
    >
      <p>
        <label>
          Prompt
          <br />
          <textarea
            data-testid="model-prompt"
            value={prompt}
            rows={2}
            style={{ width: '100%', maxWidth: '40rem' }}
            onChange={(e) => setPrompt(e.target.value)}
          />
        </label>
      </p>
      <p style={{ display: 'flex', flexWrap: 'wrap', gap: '1rem', alignItems: 'center' }}>
        <label>
          Temperature{' '}
          <input
            type="number"
            min={0}
            max={5}
            step={0.1}
            value={temperature}
            style={{ width: '5rem' }}
            onChange={(e) => setTemperature(e.target.value)}
            aria-describedby="model-temp-hint"
          />
        </label>
        <span id="model-temp-hint">0 = greedy (always the likeliest character)</span>
        <label>
          Characters{' '}
          <input
            type="number"
            min={1}
            max={1000}
            value={length}
            style={{ width: '5rem' }}
            onChange={(e) => setLength(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="model-generate" disabled={running}>
          {running ? 'Generating…' : 'Generate'}
        </button>
        {running && (
          <button
            type="button"
            onClick={() => {
              abortRef.current?.abort();
              setRunning(false);
            }}
          >
            Stop
          </button>
        )}
      </p>
      {error && (
        <p role="alert" className="banner banner-error">
          {error}
        </p>
      )}
      {output && (
        <pre
          data-testid="model-generated"
          aria-live="polite"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {output.prompt}
          <strong>{output.text}</strong>
        </pre>
      )}
    </form>
  );
}
