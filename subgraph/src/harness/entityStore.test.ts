import { describe, expect, it } from 'vitest';
import { EntityStore } from './entityStore';
import { loadSchemaModel } from './schemaModel';
import type { Entity, StoreValue } from './storeValue';

const schema = loadSchemaModel();
const entity = (fields: Record<string, StoreValue>): Entity => new Map(Object.entries(fields));
const big = (value: bigint): StoreValue => ({ kind: 'BigInt', value });
const str = (value: string): StoreValue => ({ kind: 'String', value });
const stepLoss = (id: string) =>
  entity({
    id: str(id),
    run: str('1'),
    submission: str('1'),
    step: big(1n),
    lossBits: big(0x40000000n),
    loss: { kind: 'BigDecimal', value: '2' },
    block: big(5n),
  });

describe('EntityStore', () => {
  it('refuses to rewrite an immutable entity, as graph-node does', () => {
    const store = new EntityStore(schema);
    store.set('StepLoss', '1-1', stepLoss('1-1'));
    expect(() => store.set('StepLoss', '1-1', stepLoss('1-1'))).toThrow(/StepLoss is immutable/);
  });

  it('refuses an entity missing a required field, naming it', () => {
    const store = new EntityStore(schema);
    const e = stepLoss('1-1');
    e.delete('lossBits');
    expect(() => store.set('StepLoss', '1-1', e)).toThrow(/missing required field lossBits/);
  });

  it('refuses a value of the wrong kind and an enum value the schema does not list', () => {
    const store = new EntityStore(schema);
    expect(() =>
      store.set('StepLoss', '1-1', new Map([...stepLoss('1-1'), ['step', { kind: 'Int', value: 1 }]])),
    ).toThrow(/StepLoss.step expects BigInt, got Int/);
    const ballot = entity({
      id: str('1-0x01'),
      dispute: str('1'),
      voter: { kind: 'Bytes', value: '0x01' },
      weight: big(1n),
      vote: str('MAYBE'),
      settled: { kind: 'Bool', value: false },
      updatedAtBlock: big(1n),
    });
    expect(() => store.set('Ballot', '1-0x01', ballot)).toThrow(/must be one of VoteChoice, got "MAYBE"/);
  });

  it('answers a derived field with the entities that point back', () => {
    const store = new EntityStore(schema);
    store.set('StepLoss', '1-1', stepLoss('1-1'));
    store.set('StepLoss', '2-3', new Map([...stepLoss('2-3'), ['submission', str('2')]]));
    expect(store.loadRelated('Submission', '2', 'losses').map((e) => e.get('id'))).toEqual([str('2-3')]);
  });
});
