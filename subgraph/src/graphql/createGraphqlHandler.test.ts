import { describe, expect, it } from 'vitest';
import { EntityStore } from '../harness/entityStore';
import { loadSchemaModel } from '../harness/schemaModel';
import type { StoreValue } from '../harness/storeValue';
import { collectionName } from './apiSchema';
import { createGraphqlHandler } from './createGraphqlHandler';

const schema = loadSchemaModel();
const big = (value: bigint): StoreValue => ({ kind: 'BigInt', value });
const str = (value: string): StoreValue => ({ kind: 'String', value });

function setup() {
  const store = new EntityStore(schema);
  for (const [id, step, sub] of [
    ['1-1', 1n, '1'],
    ['1-2', 2n, '1'],
    ['2-3', 3n, '2'],
  ] as const) {
    store.set(
      'StepLoss',
      id,
      new Map<string, StoreValue>([
        ['id', str(id)],
        ['run', str('1')],
        ['submission', str(sub)],
        ['step', big(step)],
        ['lossBits', big(0x40000000n)],
        ['loss', { kind: 'BigDecimal', value: '2' }],
        ['block', big(step + 10n)],
      ]),
    );
  }
  const handle = createGraphqlHandler({
    store,
    schema,
    meta: () => ({ number: 20n, hash: '0xaa', timestamp: 1_700_000_000n }),
  });
  return { store, handle };
}

describe('the GraphQL stand-in', () => {
  it('names list fields as graph-node does', () => {
    expect(['StepLoss', 'Protocol', 'Submission', 'Dispute', 'Ballot'].map(collectionName)).toEqual([
      'stepLosses',
      'protocols',
      'submissions',
      'disputes',
      'ballots',
    ]);
  });

  it('filters, orders and pages, serialising BigInt as strings', async () => {
    const { handle } = setup();
    const r = await handle({
      query:
        '{ stepLosses(first: 2, orderBy: step, orderDirection: desc, where: { block_gt: "11" }) { id step lossBits loss } }',
    });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      stepLosses: [
        { id: '2-3', step: '3', lossBits: '1073741824', loss: '2' },
        { id: '1-2', step: '2', lossBits: '1073741824', loss: '2' },
      ],
    });
    const paged = await handle({ query: '{ stepLosses(where: { id_gt: "1-1", submission: "1" }) { id } }' });
    expect(paged.data).toEqual({ stepLosses: [{ id: '1-2' }] });
  });

  it('refuses what graph-node refuses: first above 1000, a block not indexed yet', async () => {
    const { handle } = setup();
    expect((await handle({ query: '{ stepLosses(first: 1001) { id } }' })).errors?.[0]?.message).toBe(
      'The `first` argument must be between 0 and 1000, but is 1001',
    );
    expect((await handle({ query: '{ stepLosses(block: { number: 21 }) { id } }' })).errors?.[0]?.message).toMatch(
      /only indexed up to block number 20 and data for block number 21 is therefore not yet available/,
    );
    expect((await handle({ query: '{ _meta { block { number timestamp } hasIndexingErrors } }' })).data).toEqual({
      _meta: { block: { number: 20, timestamp: 1_700_000_000 }, hasIndexingErrors: false },
    });
  });
});
