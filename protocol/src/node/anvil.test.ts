import { describe, expect, it } from 'vitest';
import { startAnvil } from './anvil';

describe('startAnvil', () => {
  it('refuses a port where a chain already answers instead of adopting that chain', async () => {
    const first = await startAnvil();
    try {
      await expect(startAnvil({ port: first.port })).rejects.toThrow(
        `anvil: port ${first.port} on 127.0.0.1 is already in use`,
      );
      // The chain already there was not touched: it still answers, alone on its port.
      const res = await fetch(first.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
      });
      expect(((await res.json()) as { result: string }).result).toBe('0x0');
    } finally {
      await first.stop();
    }
  });
});
