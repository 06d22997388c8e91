import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, http, type PublicClient } from 'viem';
import { foundry } from 'viem/chains';
import type { Deployment } from '@veritrain/protocol';
import { deployContracts, startAnvil, type AnvilInstance } from '@veritrain/protocol/node';
import { createEventIndexer, createSubgraphSource } from '@veritrain/dashboard';
import { createChainIndexer, type ChainIndexer } from '../src/harness/indexChain';
import { EntityStore } from '../src/harness/entityStore';
import { loadSchemaModel } from '../src/harness/schemaModel';
import { createGraphqlHandler } from '../src/graphql/createGraphqlHandler';
import { serveGraphql, type GraphqlServer } from '../src/graphql/serveGraphql';
import { deployer, protocolFlow } from './support/protocolFlow';

// The strongest check available without graph-node: the dashboard's subgraph source, reading the built mappings'
// entities over GraphQL (graph-node's conventions, served by the stand-in), must give exactly the DashboardState
// that the embedded event indexer folds from the same chain, at every stage of a real flow.
const outFile = path.resolve(import.meta.dirname, '../../deployments', `run-subgraph-parity-${process.pid}.json`);
let anvil: AnvilInstance;
let d: Deployment;
let client: PublicClient;
let chain: ChainIndexer;
let server: GraphqlServer;
const requests: { query: string; variables: Record<string, unknown> }[] = [];

const recordingFetch = async (
  input: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => {
  requests.push(JSON.parse(init.body) as (typeof requests)[number]);
  return await fetch(input, init);
};

beforeAll(async () => {
  anvil = await startAnvil();
  d = await deployContracts({
    rpcUrl: anvil.rpcUrl,
    privateKey: `0x${Buffer.from(deployer.getHdKey().privateKey!).toString('hex')}`,
    outFile,
  });
  client = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
  const schema = loadSchemaModel();
  const store = new EntityStore(schema);
  chain = createChainIndexer({ client, deployment: d, store });
  server = await serveGraphql(createGraphqlHandler({ store, schema, meta: () => chain.block() }));
});
afterAll(async () => {
  await server?.close();
  await anvil?.stop();
  rmSync(outFile, { force: true });
});

describe('dashboard subgraph source against the embedded indexer', () => {
  it('gives the same DashboardState at every stage of a real flow, reading only what changed', async () => {
    const events = createEventIndexer({ client, deployment: d });
    const subgraph = createSubgraphSource(server.url, { fetch: recordingFetch });
    // Small pages: every collection is read over several id_gt pages (ID and Bytes ids alike).
    const paged = createSubgraphSource(server.url, { pageSize: 2 });
    const { stages } = protocolFlow(anvil.rpcUrl, d);
    let seen: bigint | undefined;
    for (const [i, stage] of stages.entries()) {
      await stage();
      const head = await client.getBlockNumber({ cacheTime: 0 });
      await chain.indexTo(head);
      requests.length = 0;
      await Promise.all([events.update(), subgraph.update(), paged.update()]);
      expect(subgraph.getStatus().kind, `stage ${i + 1}`).toBe('live');
      expect(subgraph.getState().head?.blockNumber).toBe(head);
      expect(subgraph.getState(), `stage ${i + 1}`).toStrictEqual(events.getState());
      expect(paged.getState(), `stage ${i + 1}, paged`).toStrictEqual(events.getState());
      // One _meta request, then one request for the first page of every collection, at the block just seen and
      // for entities written after the block of the previous poll only.
      expect(requests).toHaveLength(2);
      expect(requests[1]!.variables).toMatchObject({
        block: Number(head),
        after: seen === undefined ? '-1' : seen.toString(),
      });
      seen = head;
    }
    const s = subgraph.getState();
    expect(Object.keys(s.submissions)).toHaveLength(6);
    expect(Object.keys(s.workers)).toHaveLength(4);
    expect(Object.keys(s.validators)).toHaveLength(3);
    expect(Object.keys(s.disputes[1]!.ballots)).toHaveLength(3);
    // The second dispute went through a round without verdict: the ballots shown are those of the deciding round.
    expect(s.disputes[2]).toMatchObject({ undecidedRounds: 1, outcome: 'honest' });
    expect(Object.values(s.disputes[2]!.ballots).map((b) => b.vote)).toEqual(['honest', 'honest', 'honest']);
    expect(s.disputes[1]!.challengerShareWei).toBeGreaterThan(0n);

    // Nothing new: a poll asks for _meta only.
    requests.length = 0;
    await subgraph.update();
    expect(requests.map((r) => r.query)).toEqual([expect.stringContaining('_meta')]);
  });

  it('reports GraphQL errors from the endpoint and keeps its state', async () => {
    const source = createSubgraphSource(server.url);
    await source.update();
    const before = source.getState();
    const failing = createSubgraphSource(server.url, {
      pageSize: 2,
      fetch: async (input, init) =>
        await fetch(input, { ...init, body: init.body.replace('updatedAtBlock_gt', 'updatedAtBlock_gt_nope') }),
    });
    await failing.update();
    const status = failing.getStatus();
    expect(status.kind).toBe('error');
    expect(status.kind === 'error' && status.error.message).toMatch(/answered with errors: .*updatedAtBlock_gt_nope/);
    expect(source.getState()).toBe(before);
  });
});
