import { useCallback, useEffect, useRef, useState } from 'react';

/** One run of a task: its signal, and the setter that only it may call while it is the latest. */
export type TaskRun<S> = { signal: AbortSignal; update(next: S): void };

/**
 * State driven by one async task at a time (loading a model, verifying a submission): `begin()` aborts the task
 * before it and returns the new one's signal and setter, whose updates are dropped once it is aborted. A new
 * `resetKey` (another run) or unmounting aborts the task and, for a new key, resets the state to `initial`.
 */
export function useTaskState<S>(initial: S, resetKey: unknown): [S, () => TaskRun<S>] {
  const [state, setState] = useState<S>(initial);
  const abortRef = useRef<AbortController | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `initial` is a constant per mount; only a new resetKey resets
  useEffect(() => {
    setState(initial);
    return () => abortRef.current?.abort();
  }, [resetKey]);
  const begin = useCallback((): TaskRun<S> => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    return { signal: controller.signal, update: (next) => !controller.signal.aborted && setState(next) };
  }, []);
  return [state, begin];
}
