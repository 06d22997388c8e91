import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeError } from '../errors';
import { callWithRetry } from './callWithRetry';
import { createChainClients } from './createChainClients';

/** A JSON-RPC endpoint that answers every method from `answers` (a chain not to trust). */
async function lyingChain(answers: Record<string, unknown>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', id, result: answers[method] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function nodeErrorOf(p: Promise<unknown>): Promise<NodeError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof NodeError)) throw new Error(`expected a NodeError, got ${String(err)}`);
  return err;
}

describe('RPC answers checked before use', () => {
  it('refuses an eth_chainId of "0xzz", a number, a huge string, zero and an unsafe integer with RPC_INVALID_ANSWER', async () => {
    for (const answer of ['0xzz', 31337, `0x${'f'.repeat(100_000)}`, '0x0', '0x20000000000000', null]) {
      const { url } = await lyingChain({ eth_chainId: answer });
      const err = await nodeErrorOf(createChainClients({ rpcUrl: url, retry: { retries: 0 } }));
      expect(err.code).toBe('RPC_INVALID_ANSWER');
      expect(err.exitCode).toBe(3);
      expect(err.message).toMatch(
        new RegExp(`^eth_chainId from ${url.replace(/[.]/g, '\\.')}/?: expected (a hex quantity|a chain id)`),
      );
      expect(err.message.length).toBeLessThan(300);
    }
  });

  it('accepts a well-formed chain id', async () => {
    const { url } = await lyingChain({ eth_chainId: '0x7a69' });
    expect((await createChainClients({ rpcUrl: url, retry: { retries: 0 } })).chain.id).toBe(31337);
  });

  it('turns a malformed answer that viem converts (eth_blockNumber "0xzz") into RPC_INVALID_ANSWER, not a SyntaxError', async () => {
    const { url } = await lyingChain({ eth_chainId: '0x7a69', eth_blockNumber: '0xzz' });
    const clients = await createChainClients({ rpcUrl: url, retry: { retries: 0 } });
    const err = await nodeErrorOf(
      callWithRetry('getBlockNumber', () => clients.publicClient.getBlockNumber({ cacheTime: 0 }), { retries: 0 }),
    );
    expect(err.code).toBe('RPC_INVALID_ANSWER');
    expect(err.message).toContain(
      'getBlockNumber: the RPC endpoint answered something that is not a valid JSON-RPC result',
    );
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });
});
