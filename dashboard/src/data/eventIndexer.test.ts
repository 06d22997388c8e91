import { describe, expect, it, vi } from 'vitest';
import { createClient, custom, type Address } from 'viem';
import { createEventIndexer } from './eventIndexer';

// A scripted RPC: the head moves as the test says; logs are empty; every call is recorded.
function fakeRpc() {
  const rpc = { head: 10n, calls: [] as { method: string; params: unknown }[] };
  const client = createClient({
    transport: custom({
      async request({ method, params }) {
        rpc.calls.push({ method, params });
        if (method === 'eth_blockNumber') return `0x${rpc.head.toString(16)}`;
        if (method === 'eth_getLogs') return [];
        if (method === 'eth_getBlockByNumber')
          return {
            number: `0x${rpc.head.toString(16)}`,
            timestamp: '0x64',
            hash: `0x${'1'.repeat(64)}`,
            transactions: [],
          };
        throw new Error(`unexpected ${method}`);
      },
    }),
  });
  return { rpc, client };
}
const deployment = {
  coordinator: `0x${'a'.repeat(40)}` as Address,
  court: `0x${'b'.repeat(40)}` as Address,
  startBlock: 2n,
};
const ranges = (calls: { method: string; params: unknown }[]) =>
  calls
    .filter((c) => c.method === 'eth_getLogs')
    .map((c) => {
      const [{ fromBlock, toBlock }] = c.params as [{ fromBlock: string; toBlock: string }];
      return [BigInt(fromBlock), BigInt(toBlock)];
    });

describe('createEventIndexer', () => {
  it('walks history in bounded ranges, then reads only the blocks after the last head', async () => {
    const { rpc, client } = fakeRpc();
    const indexer = createEventIndexer({ client, deployment, maxBlockRange: 4n });
    await indexer.update();
    expect(ranges(rpc.calls)).toEqual([
      [2n, 5n],
      [6n, 9n],
      [10n, 10n],
    ]);
    expect(indexer.getState().head).toEqual({ blockNumber: 10n, timestampS: 100 });
    rpc.calls.length = 0;
    rpc.head = 12n;
    await indexer.update();
    expect(ranges(rpc.calls)).toEqual([[11n, 12n]]);
  });

  it('starts over from the deployment when the chain restarts below what it read', async () => {
    const { rpc, client } = fakeRpc();
    const indexer = createEventIndexer({ client, deployment });
    await indexer.update();
    expect(indexer.nextBlock()).toBe(11n);
    rpc.calls.length = 0;
    rpc.head = 4n;
    await indexer.update();
    expect(ranges(rpc.calls)).toEqual([[2n, 4n]]);
    expect(indexer.nextBlock()).toBe(5n);
  });

  it('runs one update at a time and notifies subscribers', async () => {
    const { rpc, client } = fakeRpc();
    const indexer = createEventIndexer({ client, deployment });
    let notified = 0;
    const off = indexer.subscribe(() => notified++);
    const [a, b] = [indexer.update(), indexer.update()];
    expect(a).toBe(b);
    await a;
    off();
    await indexer.update();
    expect(notified).toBe(1);
    expect(rpc.calls.filter((c) => c.method === 'eth_getLogs')).toHaveLength(1);
    expect(indexer.getStatus().kind).toBe('live');
  });

  it('polls in one loop after a stop and restart while an update was in flight', async () => {
    vi.useFakeTimers();
    try {
      const { rpc, client } = fakeRpc();
      const indexer = createEventIndexer({ client, deployment, pollIntervalMs: 1000 });
      indexer.start();
      indexer.stop();
      indexer.start();
      await vi.advanceTimersByTimeAsync(0);
      rpc.calls.length = 0;
      await vi.advanceTimersByTimeAsync(5000);
      expect(rpc.calls.filter((c) => c.method === 'eth_blockNumber')).toHaveLength(5);
      indexer.stop();
      rpc.calls.length = 0;
      await vi.advanceTimersByTimeAsync(5000);
      expect(rpc.calls).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
