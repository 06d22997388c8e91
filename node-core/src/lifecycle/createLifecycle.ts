import type { Logger } from 'pino';
import { EXIT, type ExitCode } from '../exitCodes';

export type Lifecycle = {
  /** Aborted on the first SIGINT/SIGTERM (or `shutdown()`): work loops stop taking new work. */
  signal: AbortSignal;
  /** Registers cleanup (close servers, persist state); run once, in reverse order of registration. */
  onShutdown(name: string, fn: () => Promise<void> | void): void;
  /** Starts a graceful shutdown as if a signal had come. */
  shutdown(reason: string): void;
  /** Runs cleanup after the work is done or stopped; resolves to the exit code to use. */
  close(code: ExitCode): Promise<ExitCode>;
  /** Removes the signal handlers (tests). */
  dispose(): void;
};

/** What the lifecycle needs of `process`. */
export type SignalSource = {
  on(event: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
};

export type CreateLifecycleParameters = {
  logger: Logger;
  /** The process to listen on; a test passes a stand-in EventEmitter. */
  process?: SignalSource;
  /** Cleanup that takes longer is abandoned (and the exit forced). */
  shutdownTimeoutMs?: number;
};

/**
 * Graceful shutdown the Lodestar way: the first SIGINT/SIGTERM aborts `signal` so the work loop finishes
 * or persists its current step, then cleanup runs and the command exits with its code; a second signal
 * exits at once with 130 (EXIT.FORCED). State is saved before every transaction, so a forced exit loses
 * nothing a restart cannot resume.
 */
export function createLifecycle(params: CreateLifecycleParameters): Lifecycle {
  const proc: SignalSource = params.process ?? process;
  const log = params.logger.child({ component: 'lifecycle' });
  const controller = new AbortController();
  const hooks: { name: string; fn: () => Promise<void> | void }[] = [];
  let signals = 0;
  let closed: Promise<ExitCode> | undefined;

  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      log.info({ signal: sig }, `${sig}: shutting down gracefully (send it again to force)`);
      controller.abort(new Error(`shutdown requested by ${sig}`));
    } else {
      log.warn({ signal: sig }, `${sig} again: forcing exit`);
      proc.exit(EXIT.FORCED);
    }
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
  const dispose = () => {
    proc.off('SIGINT', onSignal);
    proc.off('SIGTERM', onSignal);
  };

  return {
    signal: controller.signal,
    onShutdown(name, fn) {
      hooks.push({ name, fn });
    },
    shutdown(reason) {
      if (!controller.signal.aborted) {
        log.info({ reason }, 'shutting down');
        controller.abort(new Error(reason));
      }
    },
    close(code) {
      closed ??= (async () => {
        const timeoutMs = params.shutdownTimeoutMs ?? 30_000;
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), timeoutMs);
          timer.unref();
        });
        let result: ExitCode = code;
        for (const hook of [...hooks].reverse()) {
          try {
            const outcome = await Promise.race([Promise.resolve(hook.fn()).then(() => 'ok' as const), timedOut]);
            if (outcome === 'timeout') {
              log.error({ hook: hook.name, timeoutMs }, 'shutdown step timed out');
              result = EXIT.FORCED;
              break;
            }
          } catch (err) {
            log.error({ hook: hook.name, err }, 'shutdown step failed');
            if (result === EXIT.OK) result = EXIT.RUNTIME;
          }
        }
        clearTimeout(timer);
        dispose();
        return result;
      })();
      return closed;
    },
    dispose,
  };
}
