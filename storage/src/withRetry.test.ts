import { describe, expect, it } from 'vitest';
import { StorageError } from './storageError';
import { backoffDelayMs, withRetry } from './withRetry';

const unavailable = () => new StorageError('UNAVAILABLE', 'daemon down');

describe('withRetry', () => {
  it('retries UNAVAILABLE and TIMEOUT until the call succeeds', async () => {
    const codes = ['UNAVAILABLE', 'TIMEOUT'] as const;
    let calls = 0;
    const result = await withRetry(
      async () => {
        const code = codes[calls++];
        if (code !== undefined) throw new StorageError(code, code);
        return 'ok';
      },
      { retries: 5, baseDelayMs: 1 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('throws the last error once the retries run out', async () => {
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls++;
        throw unavailable();
      },
      { retries: 2, baseDelayMs: 1 },
    );
    await expect(failing).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(calls).toBe(3);
  });

  for (const code of ['CID_MISMATCH', 'NOT_FOUND', 'TOO_LARGE', 'INVALID_CID'] as const) {
    it(`does not retry ${code}`, async () => {
      let calls = 0;
      await expect(
        withRetry(
          async () => {
            calls++;
            throw new StorageError(code, code);
          },
          { retries: 5, baseDelayMs: 1 },
        ),
      ).rejects.toMatchObject({ code });
      expect(calls).toBe(1);
    });
  }

  it('does not retry errors that are not StorageErrors', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new TypeError('bug');
        },
        { retries: 5, baseDelayMs: 1 },
      ),
    ).rejects.toThrow(TypeError);
    expect(calls).toBe(1);
  });

  it('waits exponentially growing, capped, jittered delays', async () => {
    const delays: number[] = [];
    await expect(
      withRetry(
        async () => {
          throw unavailable();
        },
        {
          retries: 5,
          baseDelayMs: 2,
          maxDelayMs: 10,
          random: () => 0.999,
          onRetry: ({ delayMs }) => delays.push(delayMs),
        },
      ),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    // Ceilings 2, 4, 8, 16→10, 32→10; random just under 1 takes just under each ceiling.
    expect(delays).toEqual([1, 3, 7, 9, 9]);
  });

  it('spreads delays uniformly below the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, 100, 10_000, () => 0)).toBe(0);
    expect(backoffDelayMs(3, 100, 10_000, () => 0.5)).toBe(200);
    expect(backoffDelayMs(20, 100, 10_000, () => 0.5)).toBe(5_000);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const started = Date.now();
    const pending = withRetry(
      async () => {
        calls++;
        throw unavailable();
      },
      { retries: 10, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.9, signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('shutting down')), 20);
    await expect(pending).rejects.toThrow('shutting down');
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
