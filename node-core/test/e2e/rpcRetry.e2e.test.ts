import { afterAll, describe, expect, it } from 'vitest';
import { startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import { callWithRetry } from '../../src/chain/callWithRetry';
import { createChainClients } from '../../src/chain/createChainClients';
import { NodeError } from '../../src/errors';

let anvil: AnvilInstance | undefined;
afterAll(async () => {
  await anvil?.stop();
});

describe('RPC faults against a real anvil', () => {
  it('rides out an anvil that is stopped and restarted on the same port', async () => {
    anvil = await startAnvil();
    const { port, rpcUrl } = anvil;
    const retries: { attempt: number; reason: string; delayMs: number }[] = [];
    const clients = await createChainClients({
      rpcUrl,
      retry: { retries: 8, baseDelayMs: 200, maxDelayMs: 1_000, onRetry: (i) => retries.push(i) },
    });
    expect(await clients.publicClient.getBlockNumber()).toBe(0n);

    await anvil.stop();
    // The RPC is down now; it comes back on the same port a second later.
    const restarted = new Promise<AnvilInstance>((resolve, reject) => {
      setTimeout(() => startAnvil({ port }).then(resolve, reject), 1_000);
    });
    const started = Date.now();
    const chainId = await callWithRetry('eth_chainId', () => clients.publicClient.getChainId(), clients.retry);
    anvil = await restarted;
    expect(chainId).toBe(31337);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(retries[0]!.reason).toBe('connection refused');
  });

  it('gives up with RPC_UNAVAILABLE (exit 3) when the chain never comes back', async () => {
    await anvil?.stop();
    const err = await createChainClients({ rpcUrl: anvil!.rpcUrl, retry: { retries: 2, baseDelayMs: 20 } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NodeError);
    expect((err as NodeError).exitCode).toBe(3);
    expect((err as NodeError).message).toMatch(
      new RegExp(
        `^cannot reach the chain at ${anvil!.rpcUrl}/: eth_chainId: the RPC endpoint is unavailable \\(connection refused\\) after 3 attempts over \\d+\\.\\d s$`,
      ),
    );
  });
});
