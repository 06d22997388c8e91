import { describe, expect, it } from 'vitest';
import { createSubgraphSource } from '../subgraphSource';
import type { FetchLike } from './postGraphql';

// A scripted graph-node: `_meta` and the list fields the source asks for, honouring first / id_gt /
// updatedAtBlock_gt, so each test can move the indexed block and see what the source reads.
type Row = Record<string, unknown> & { id: string; updatedAtBlock: number };
function fakeGraphNode(initial: { block: number; rows: Record<string, Row[]> }) {
  const node = {
    ...initial,
    requests: [] as { query: string; variables: Record<string, unknown> }[],
    indexingErrors: false,
    fail: undefined as undefined | number,
  };
  const fetch: FetchLike = async (_url, init) => {
    const req = JSON.parse(init.body) as { query: string; variables: Record<string, unknown> };
    node.requests.push(req);
    const reply = (status: number, body: unknown) => ({
      ok: status === 200,
      status,
      statusText: '',
      text: async () => JSON.stringify(body),
    });
    if (node.fail) return reply(node.fail, {});
    if (req.query.includes('_meta'))
      return reply(200, {
        data: {
          _meta: {
            block: { number: node.block, timestamp: 1_700_000_000 + node.block },
            hasIndexingErrors: node.indexingErrors,
          },
        },
      });
    const data: Record<string, unknown> = {};
    for (const m of req.query.matchAll(/(\w+): \w+\(first: (\d+), .*?id_gt: \$last(\d+) \}/g)) {
      const [, name, first, i] = m;
      const lastId = req.variables[`last${i}`] as string;
      const after = Number(req.variables.after);
      data[name!] = (node.rows[name!] ?? [])
        .filter((r) => r.updatedAtBlock > after && r.id > lastId)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, Number(first));
    }
    return reply(200, { data });
  };
  return { node, fetch };
}

const worker = (n: number, leases: number, block: number): Row => ({
  id: `0x${n.toString(16).padStart(40, '0')}`,
  leases,
  stepsSubmitted: 2 * leases,
  stepsFinalized: 0,
  rewardTokens: '0',
  slashes: 0,
  slashedWei: '0',
  updatedAtBlock: block,
});
const protocol = (block: number): Row => ({
  id: 'protocol',
  commitDuration: '60',
  revealDuration: '60',
  unbondingDelay: '600',
  quorumBps: 3000,
  penaltyBps: 1000,
  lastEventBlock: String(block),
  lastEventLogIndex: '2',
  updatedAtBlock: block,
});
const URL = 'http://graph.example/subgraphs/name/veritrain';

describe('createSubgraphSource', () => {
  it('loads everything first, then only the entities written after the last block it saw', async () => {
    const { node, fetch } = fakeGraphNode({
      block: 10,
      rows: { workers: [worker(1, 1, 5), worker(2, 1, 9)], protocols: [protocol(9)] },
    });
    const source = createSubgraphSource(URL, { fetch });
    expect(source.getStatus().kind).toBe('loading');
    await source.update();
    expect(source.getStatus().kind).toBe('live');
    let s = source.getState();
    expect(Object.values(s.workers).map((w) => w.leases)).toEqual([1, 1]);
    expect(s.head).toEqual({ blockNumber: 10n, timestampS: 1_700_000_010 });
    expect(s.cursor).toEqual({ blockNumber: 9n, logIndex: 2 });
    expect(s.courtParams).toEqual({
      commitDurationS: 60,
      revealDurationS: 60,
      unbondingDelayS: 600,
      quorumBps: 3000,
      penaltyBps: 1000,
    });
    expect(node.requests[1]!.variables).toMatchObject({ block: 10, after: '-1' });

    node.rows.workers![1] = worker(2, 2, 12);
    node.block = 12;
    node.requests.length = 0;
    await source.update();
    expect(node.requests[1]!.variables).toMatchObject({ block: 12, after: '10' });
    s = source.getState();
    expect(Object.values(s.workers).map((w) => w.leases)).toEqual([1, 2]);
    expect(source.lastBlock()).toBe(12n);
  });

  it('re-reads reorgMarginBlocks behind the last block seen, so entities graph-node rewrote in a reorg are picked up', async () => {
    const { node, fetch } = fakeGraphNode({ block: 10, rows: { workers: [worker(1, 1, 9)] } });
    const source = createSubgraphSource(URL, { fetch, reorgMarginBlocks: 3n });
    await source.update();
    // A reorg replaced block 9: graph-node reverted and re-indexed it, so the worker changed at a block already seen.
    node.rows.workers = [worker(1, 2, 9)];
    node.block = 11;
    node.requests.length = 0;
    await source.update();
    expect(node.requests[1]!.variables.after).toBe('7');
    expect(Object.values(source.getState().workers)[0]!.leases).toBe(2);
  });

  it('reads long lists page by page with id_gt', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => worker(i + 1, 1, 3));
    const { node, fetch } = fakeGraphNode({ block: 4, rows: { workers: rows } });
    const source = createSubgraphSource(URL, { fetch, pageSize: 2 });
    await source.update();
    expect(Object.keys(source.getState().workers)).toHaveLength(5);
    // _meta, the first page of every collection, then the workers' second and third pages alone.
    expect(node.requests).toHaveLength(4);
    expect(node.requests[3]!.query).toMatch(/^query Changes\(\$block: Int!, \$after: BigInt!, \$last0: Bytes!\)/);
    expect(node.requests[3]!.variables.last0).toBe(rows[3]!.id);
  });

  it('starts over when the indexed block goes back (a redeployed subgraph or a restarted devnet)', async () => {
    const { node, fetch } = fakeGraphNode({ block: 10, rows: { workers: [worker(1, 3, 9)] } });
    const source = createSubgraphSource(URL, { fetch });
    await source.update();
    node.block = 4;
    node.rows.workers = [worker(2, 1, 3)];
    node.requests.length = 0;
    await source.update();
    expect(node.requests[1]!.variables.after).toBe('-1');
    expect(Object.values(source.getState().workers).map((w) => w.address)).toEqual([
      '0x0000000000000000000000000000000000000002',
    ]);
  });

  it('reports an HTTP failure and keeps the state and the time of the last good update', async () => {
    const { node, fetch } = fakeGraphNode({ block: 10, rows: { workers: [worker(1, 1, 5)] } });
    const source = createSubgraphSource(URL, { fetch });
    await source.update();
    const before = source.getState();
    node.fail = 503;
    node.block = 11;
    await source.update();
    const status = source.getStatus();
    expect(status.kind).toBe('error');
    expect(status.kind === 'error' && status.error.message).toMatch(/answered HTTP 503/);
    expect(status.kind === 'error' && status.lastUpdateMs).toBeGreaterThan(0);
    expect(source.getState()).toBe(before);
  });

  it('shows indexing errors reported by graph-node while still showing the data', async () => {
    const { node, fetch } = fakeGraphNode({ block: 10, rows: { workers: [worker(1, 1, 5)] } });
    node.indexingErrors = true;
    const source = createSubgraphSource(URL, { fetch });
    await source.update();
    const status = source.getStatus();
    expect(status.kind === 'error' && status.error.message).toMatch(/reports indexing errors/);
    expect(Object.keys(source.getState().workers)).toHaveLength(1);
  });

  it('names a malformed answer field', async () => {
    const { fetch } = fakeGraphNode({ block: 10, rows: { workers: [{ ...worker(1, 1, 5), slashedWei: 1.5 }] } });
    const source = createSubgraphSource(URL, { fetch });
    await source.update();
    const status = source.getStatus();
    expect(status.kind === 'error' && status.error.message).toBe(
      'malformed subgraph answer: workers[0].slashedWei must be a decimal integer string (BigInt), got 1.5',
    );
  });

  it('refuses a URL that is not http(s)', () => {
    const status = createSubgraphSource('graph.example/subgraphs').getStatus();
    expect(status.kind === 'error' && status.error.message).toMatch(/VITE_SUBGRAPH_URL must be the http\(s\) URL/);
  });
});
