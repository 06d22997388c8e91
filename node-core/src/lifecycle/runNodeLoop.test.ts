import { describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { runNodeLoop, type LoopOutcome } from './runNodeLoop';

function recorder() {
  const errors: { failures: number; err: string }[] = [];
  return { errors, logger: { error: (o: object) => void errors.push(o as { failures: number; err: string }) } };
}

describe('runNodeLoop', () => {
  it('repeats until done, sleeping a poll interval only after an idle pass', async () => {
    const outcomes: LoopOutcome[] = ['again', 'idle', 'again', 'done'];
    const times: number[] = [];
    const start = Date.now();
    const { logger } = recorder();
    const end = await runNodeLoop({
      iteration: async () => {
        times.push(Date.now() - start);
        return outcomes.shift()!;
      },
      signal: new AbortController().signal,
      logger,
      pollIntervalMs: 60,
    });
    expect(end).toBe('done');
    expect(times).toHaveLength(4);
    expect(times[1]! - times[0]!).toBeLessThan(40); // 'again': straight on
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(55); // 'idle': one poll interval
  });

  it('logs a failed pass, backs off and resets the count after a success', async () => {
    const script: (LoopOutcome | Error)[] = [
      new Error('rpc down\nmore'),
      new Error('rpc down'),
      'again',
      new Error('once more'),
      'done',
    ];
    const { errors, logger } = recorder();
    const end = await runNodeLoop({
      iteration: async () => {
        const next = script.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
      signal: new AbortController().signal,
      logger,
      pollIntervalMs: 1,
    });
    expect(end).toBe('done');
    expect(errors.map((e) => e.failures)).toEqual([1, 2, 1]);
    expect(errors[0]!.err).toBe('rpc down\nmore');
  });

  it('rethrows after too many failures in a row, and at once on a broken state file or config', async () => {
    const { logger } = recorder();
    let calls = 0;
    const flaky = runNodeLoop({
      iteration: async () => {
        calls += 1;
        throw new Error(`fault ${calls}`);
      },
      signal: new AbortController().signal,
      logger,
      pollIntervalMs: 1,
      maxConsecutiveFailures: 3,
      maxBackoffMs: 2,
    });
    await expect(flaky).rejects.toThrow('fault 3');
    for (const code of ['STATE', 'INVALID_CONFIG'] as const) {
      let n = 0;
      const fatal = runNodeLoop({
        iteration: async () => {
          n += 1;
          throw new NodeError(code, `broken ${code}`);
        },
        signal: new AbortController().signal,
        logger,
        pollIntervalMs: 1,
      });
      await expect(fatal).rejects.toThrow(`broken ${code}`);
      expect(n).toBe(1);
    }
  });

  it('stops when the signal aborts: during a back-off it rejects with the reason, between passes it resolves aborted', async () => {
    const { logger } = recorder();
    const ac = new AbortController();
    const backingOff = runNodeLoop({
      iteration: async () => {
        setTimeout(() => ac.abort(new Error('stop')), 10);
        throw new Error('fault');
      },
      signal: ac.signal,
      logger,
      pollIntervalMs: 10_000,
    });
    await expect(backingOff).rejects.toThrow('stop');
    const ac2 = new AbortController();
    const end = await runNodeLoop({
      iteration: async () => {
        ac2.abort();
        return 'again';
      },
      signal: ac2.signal,
      logger,
      pollIntervalMs: 1,
    });
    expect(end).toBe('aborted');
  });
});
