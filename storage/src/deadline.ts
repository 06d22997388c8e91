import { setMaxListeners } from 'node:events';

/**
 * One AbortSignal for "the caller gave up or the deadline passed", plus a way to tell the two apart
 * afterwards: a deadline becomes StorageError TIMEOUT, a caller's abort is re-thrown as the caller's reason.
 */
export interface Deadline {
  signal: AbortSignal;
  /** True when the deadline (not the caller) fired. */
  expired(): boolean;
  dispose(): void;
}

export function deadline(timeoutMs: number | undefined, callerSignal: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  // Helia's exporter and bitswap add one abort listener per block in flight: not a leak.
  setMaxListeners(Infinity, controller.signal);
  let expired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
    timer = setTimeout(
      () => {
        expired = true;
        controller.abort(new DOMException(`deadline of ${timeoutMs} ms passed`, 'TimeoutError'));
      },
      Math.max(0, timeoutMs),
    );
  }
  const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    expired: () => expired,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Throws the caller's abort reason if the caller aborted (never converted into a StorageError). */
export function throwIfCallerAborted(callerSignal: AbortSignal | undefined): void {
  if (callerSignal?.aborted) throw callerSignal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}
