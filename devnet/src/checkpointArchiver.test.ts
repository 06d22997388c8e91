import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublicClient } from 'viem';
import { startCheckpointArchiver, type CheckpointArchiver } from './checkpointArchiver';

// A gateway over a map of CID → bytes (a real HTTP server, as the hub's is), recording what was read.
async function gateway(content: Map<string, string>) {
  const reads: string[] = [];
  const server: Server = createServer((req, res) => {
    const cid = req.url!.replace(/^\/ipfs\//, '');
    reads.push(cid);
    const body = content.get(cid);
    res.statusCode = body === undefined ? 504 : 200;
    res.end(body ?? 'timeout');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, reads, close: () => new Promise((r) => server.close(r)) };
}

// The chain: Submitted logs by block, read through the two calls the archiver makes (getBlockNumber, getLogs).
function chain() {
  const logs: { block: bigint; submissionId: bigint; checkpointCid: string }[] = [];
  let head = 10n;
  const ranges: [bigint, bigint][] = [];
  const client = {
    getBlockNumber: async () => head,
    getLogs: async ({ fromBlock, toBlock }: { fromBlock: bigint; toBlock: bigint }) => {
      ranges.push([fromBlock, toBlock]);
      return logs
        .filter((l) => l.block >= fromBlock && l.block <= toBlock)
        .map((l) => ({ args: { submissionId: l.submissionId, checkpointCid: l.checkpointCid } }));
    },
  } as unknown as PublicClient;
  return {
    client,
    ranges,
    submit(block: bigint, submissionId: bigint, checkpointCid: string) {
      logs.push({ block, submissionId, checkpointCid });
      head = block;
    },
  };
}

const open: { archiver: CheckpointArchiver; close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.archiver.stop();
    await o.close();
  }
});

describe('startCheckpointArchiver', () => {
  it('reads each new submission’s manifest and then its checkpoint through the gateway, once', async () => {
    const content = new Map([
      ['manifest-1', JSON.stringify({ checkpointCid: 'ckpt-1' })],
      ['ckpt-1', 'weights 1'],
      ['manifest-2', JSON.stringify({ checkpointCid: 'ckpt-2' })],
      ['ckpt-2', 'weights 2'],
    ]);
    const g = await gateway(content);
    const c = chain();
    const archiver = startCheckpointArchiver({
      rpcUrl: 'unused',
      coordinator: '0x0000000000000000000000000000000000000001',
      startBlock: 5n,
      gatewayUrl: g.url,
      pollIntervalMs: 60_000,
      log: () => {},
      client: c.client,
    });
    open.push({ archiver, close: g.close });
    c.submit(11n, 1n, 'manifest-1');
    await archiver.poll();
    expect(g.reads).toEqual(['manifest-1', 'ckpt-1']);
    c.submit(13n, 2n, 'manifest-2');
    await archiver.poll();
    await archiver.poll();
    expect(g.reads).toEqual(['manifest-1', 'ckpt-1', 'manifest-2', 'ckpt-2']);
    expect(archiver.archived()).toBe(2);
    // Only new blocks are read: from startBlock, then after the previous head.
    expect(c.ranges).toEqual([
      [5n, 11n],
      [12n, 13n],
    ]);
  });

  it('retries what the gateway cannot serve yet, and gives up by name after maxAttempts', async () => {
    const content = new Map([['manifest-7', JSON.stringify({ checkpointCid: 'ckpt-7' })]]);
    const g = await gateway(content);
    const c = chain();
    const logs: string[] = [];
    const archiver = startCheckpointArchiver({
      rpcUrl: 'unused',
      coordinator: '0x0000000000000000000000000000000000000001',
      startBlock: 0n,
      gatewayUrl: g.url,
      pollIntervalMs: 60_000,
      maxAttempts: 3,
      log: (m) => void logs.push(m),
      client: c.client,
    });
    open.push({ archiver, close: g.close });
    c.submit(11n, 7n, 'manifest-7');
    await archiver.poll();
    await archiver.poll();
    expect(archiver.archived()).toBe(0);
    content.set('ckpt-7', 'weights 7'); // the worker's node answered at last
    await archiver.poll();
    expect(archiver.archived()).toBe(1);

    c.submit(12n, 8n, 'manifest-8'); // never published
    for (let i = 0; i < 4; i++) await archiver.poll();
    expect(logs).toEqual([
      'archiver: gave up on submission 8 (manifest-8) after 3 tries: gateway answered 504 for manifest-8',
    ]);
    expect(g.reads.filter((r) => r === 'manifest-8')).toHaveLength(3);
  });
});
