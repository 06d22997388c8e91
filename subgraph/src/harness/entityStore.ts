import { SubgraphError } from '../manifest/subgraphError';
import type { EntityModel, FieldModel, SchemaModel } from './schemaModel';
import type { Entity, StoreValue } from './storeValue';

const SCALAR_KIND: Record<string, StoreValue['kind']> = {
  ID: 'String',
  String: 'String',
  Bytes: 'Bytes',
  BigInt: 'BigInt',
  BigDecimal: 'BigDecimal',
  Int: 'Int',
  Int8: 'Int8',
  Boolean: 'Bool',
  Timestamp: 'Timestamp',
};

/**
 * graph-node's entity store as far as the mappings can tell: entities by type and id, validated against the
 * schema on every write the way graph-node validates them (required fields present, value kinds matching the
 * field types, immutable entities never rewritten, derived fields never stored).
 */
export class EntityStore {
  private readonly tables = new Map<string, Map<string, Entity>>();
  /** Writes so far (a test can see that nothing was written). */
  writes = 0;

  constructor(readonly schema: SchemaModel) {}

  private model(type: string): EntityModel {
    const m = this.schema.entities.get(type);
    if (!m) throw new SubgraphError('HOST_UNSUPPORTED', `store: unknown entity type ${JSON.stringify(type)}`);
    return m;
  }

  private table(type: string): Map<string, Entity> {
    let t = this.tables.get(type);
    if (!t) {
      t = new Map();
      this.tables.set(type, t);
    }
    return t;
  }

  get(type: string, id: string): Entity | undefined {
    this.model(type);
    return this.tables.get(type)?.get(id);
  }

  all(type: string): Entity[] {
    this.model(type);
    return [...(this.tables.get(type)?.values() ?? [])];
  }

  count(type: string): number {
    return this.tables.get(type)?.size ?? 0;
  }

  set(type: string, id: string, data: Entity): void {
    const model = this.model(type);
    const existing = this.table(type).get(id);
    if (existing && model.immutable) {
      throw new SubgraphError(
        'MAPPING_ABORTED',
        `store.set: ${type} is immutable and ${JSON.stringify(id)} already exists`,
      );
    }
    for (const [name, value] of data) {
      const field = model.fields.get(name);
      if (!field) throw new SubgraphError('MAPPING_ABORTED', `store.set: ${type} has no field ${JSON.stringify(name)}`);
      if (field.derivedFrom)
        throw new SubgraphError('MAPPING_ABORTED', `store.set: ${type}.${name} is derived and cannot be stored`);
      checkKind(type, field, value, this.schema);
    }
    const merged: Entity = new Map(existing ?? []);
    for (const [k, v] of data) merged.set(k, v);
    for (const field of model.fields.values()) {
      const v = merged.get(field.name);
      if (field.nonNull && !field.derivedFrom && (!v || v.kind === 'Null')) {
        throw new SubgraphError(
          'MAPPING_ABORTED',
          `store.set: ${type} ${JSON.stringify(id)} is missing required field ${field.name}`,
        );
      }
    }
    this.table(type).set(id, merged);
    this.writes += 1;
  }

  /**
   * The store as it is now, to go back to if a block fails: graph-node applies a block's writes all or nothing.
   * Cheap: entities are replaced on write, never changed in place, so copying the tables is enough.
   */
  snapshot(): () => void {
    const copy = new Map([...this.tables].map(([type, table]) => [type, new Map(table)]));
    const writes = this.writes;
    return () => {
      this.tables.clear();
      for (const [type, table] of copy) this.tables.set(type, table);
      this.writes = writes;
    };
  }

  /** Entities of a derived field: those of the field's type whose `derivedFrom` field points at `id`. */
  loadRelated(type: string, id: string, fieldName: string): Entity[] {
    const field = this.model(type).fields.get(fieldName);
    if (!field?.derivedFrom)
      throw new SubgraphError('HOST_UNSUPPORTED', `store.loadRelated: ${type}.${fieldName} is not a derived field`);
    const back = field.derivedFrom;
    return this.all(field.typeName).filter((e) => {
      const v = e.get(back);
      if (!v) return false;
      if (v.kind === 'Array') return v.value.some((x) => 'value' in x && String(x.value) === id);
      return 'value' in v && String(v.value) === id;
    });
  }
}

function checkKind(type: string, field: FieldModel, value: StoreValue, schema: SchemaModel): void {
  if (value.kind === 'Null') {
    if (field.nonNull)
      throw new SubgraphError('MAPPING_ABORTED', `store.set: ${type}.${field.name} is non-null, got null`);
    return;
  }
  const expected = (v: StoreValue): StoreValue['kind'] => {
    if (field.category === 'enum') return 'String';
    if (field.category === 'entity') {
      const target = schema.entities.get(field.typeName)!;
      return target.idType === 'Bytes' ? 'Bytes' : 'String';
    }
    return SCALAR_KIND[field.typeName] ?? v.kind;
  };
  const items = field.list ? (value.kind === 'Array' ? value.value : undefined) : [value];
  if (!items)
    throw new SubgraphError('MAPPING_ABORTED', `store.set: ${type}.${field.name} is a list, got ${value.kind}`);
  for (const item of items) {
    const want = expected(item);
    if (item.kind !== want)
      throw new SubgraphError('MAPPING_ABORTED', `store.set: ${type}.${field.name} expects ${want}, got ${item.kind}`);
    if (
      field.category === 'enum' &&
      item.kind === 'String' &&
      !schema.enums.get(field.typeName)!.includes(item.value)
    ) {
      throw new SubgraphError(
        'MAPPING_ABORTED',
        `store.set: ${type}.${field.name} must be one of ${field.typeName}, got ${JSON.stringify(item.value)}`,
      );
    }
  }
}
