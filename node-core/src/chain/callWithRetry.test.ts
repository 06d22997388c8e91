import { createServer } from 'node:net';
import { createPublicClient, http } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { callWithRetry, rpcFaultReason } from './callWithRetry';

// A port nothing listens on (just freed by a server): connection refused at once.
let deadClient: ReturnType<typeof createPublicClient>;
beforeAll(async () => {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  deadClient = createPublicClient({ transport: http(`http://127.0.0.1:${port}`, { retryCount: 0, timeout: 2_000 }) });
});

describe('callWithRetry', () => {
  it('retries connection-refused with growing delays, then fails with RPC_UNAVAILABLE saying what happened', async () => {
    const retries: { attempt: number; delayMs: number; reason: string }[] = [];
    const err = await callWithRetry('eth_blockNumber', () => deadClient.getBlockNumber(), {
      retries: 3,
      baseDelayMs: 10,
      onRetry: (i) => retries.push(i),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeError);
    expect((err as NodeError).code).toBe('RPC_UNAVAILABLE');
    expect((err as NodeError).exitCode).toBe(3);
    expect((err as NodeError).message).toMatch(
      /^eth_blockNumber: the RPC endpoint is unavailable \(connection refused\) after 4 attempts over \d+\.\d s$/,
    );
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(retries.every((r) => r.reason === 'connection refused')).toBe(true);
    // Exponential: nominal 10, 20, 40 ms with ±20 % jitter.
    expect(retries[2]!.delayMs).toBeGreaterThan(retries[0]!.delayMs * 2);
  });

  it('never retries an error that is not an RPC fault', async () => {
    let calls = 0;
    const bug = new Error('a bug');
    await expect(
      callWithRetry('x', async () => {
        calls++;
        throw bug;
      }),
    ).rejects.toBe(bug);
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('shutdown')), 50);
    await expect(
      callWithRetry('eth_blockNumber', () => deadClient.getBlockNumber(), {
        retries: 10,
        baseDelayMs: 5_000,
        signal: controller.signal,
      }),
    ).rejects.toThrow('shutdown');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('classifies node network errors and HTTP statuses', () => {
    expect(rpcFaultReason(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('network error ECONNRESET');
    expect(
      rpcFaultReason(new TypeError('fetch failed', { cause: Object.assign(new Error('c'), { code: 'ECONNREFUSED' }) })),
    ).toBe('connection refused');
    expect(rpcFaultReason(new Error('nope'))).toBeUndefined();
  });
});
