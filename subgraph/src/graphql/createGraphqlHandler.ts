import { buildSchema, graphql, GraphQLError, type ExecutionResult, type GraphQLFieldResolver } from 'graphql';
import type { EntityStore } from '../harness/entityStore';
import type { FieldModel, SchemaModel } from '../harness/schemaModel';
import type { Entity, StoreValue } from '../harness/storeValue';
import { apiSchemaSdl, collectionName, singleName } from './apiSchema';

export type MetaBlock = { number: bigint; hash: string; timestamp: bigint };

export type CreateGraphqlHandlerParameters = {
  store: EntityStore;
  schema: SchemaModel;
  /** The block indexed so far (graph-node's `_meta.block`); undefined before the first block. */
  meta: () => MetaBlock | undefined;
  hasIndexingErrors?: () => boolean;
};

export type GraphqlRequest = {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
};

/** graph-node's limits on list arguments. */
const MAX_FIRST = 1000;
const MAX_SKIP = 5000;

type ListArgs = {
  skip?: number;
  first?: number;
  orderBy?: string;
  orderDirection?: 'asc' | 'desc';
  where?: Record<string, unknown>;
};

/** A value as graph-node serialises it: BigInt/BigDecimal as decimal strings, Bytes as 0x-hex, Int as a number. */
function output(v: StoreValue | undefined): unknown {
  if (!v || v.kind === 'Null') return null;
  switch (v.kind) {
    case 'Array':
      return v.value.map(output);
    case 'BigInt':
    case 'Int8':
    case 'Timestamp':
      return v.value.toString();
    default:
      return v.value;
  }
}

/** Orders two store values of one field (bigint numerically, strings and hex by code unit). */
function compare(a: StoreValue | undefined, b: StoreValue | undefined): number {
  const x = a && 'value' in a ? a.value : null;
  const y = b && 'value' in b ? b.value : null;
  if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
  if (typeof x === 'bigint' || typeof y === 'bigint') {
    const bx = BigInt(x as bigint);
    const by = BigInt(y as bigint);
    return bx < by ? -1 : bx > by ? 1 : 0;
  }
  if (typeof x === 'string' && typeof y === 'string' && a?.kind === 'BigDecimal') return Number(x) - Number(y);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A filter argument as a store value of the field's kind (variables arrive as strings, numbers or booleans). */
function argValue(field: FieldModel, raw: unknown, schema: SchemaModel): StoreValue {
  const t =
    field.category === 'entity'
      ? schema.entities.get(field.typeName)!.idType === 'Bytes'
        ? 'Bytes'
        : 'String'
      : field.category === 'enum'
        ? 'String'
        : field.typeName;
  switch (t) {
    case 'BigInt':
      if (typeof raw !== 'string' && typeof raw !== 'number')
        throw new GraphQLError(`${field.name}: expected a BigInt, got ${JSON.stringify(raw)}`);
      try {
        return { kind: 'BigInt', value: BigInt(raw) };
      } catch {
        throw new GraphQLError(`${field.name}: expected a BigInt, got ${JSON.stringify(raw)}`);
      }
    case 'Int':
      return { kind: 'Int', value: Number(raw) };
    case 'Boolean':
      return { kind: 'Bool', value: Boolean(raw) };
    case 'Bytes':
      if (typeof raw !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(raw))
        throw new GraphQLError(`${field.name}: expected Bytes (0x-hex), got ${JSON.stringify(raw)}`);
      return { kind: 'Bytes', value: raw.toLowerCase() as `0x${string}` };
    case 'BigDecimal':
      return { kind: 'BigDecimal', value: String(raw) };
    default:
      return { kind: 'String', value: String(raw) };
  }
}

const OPS = ['_not_in', '_not', '_in', '_gte', '_gt', '_lte', '_lt'] as const;

function matches(e: Entity, where: Record<string, unknown>, type: string, schema: SchemaModel): boolean {
  const model = schema.entities.get(type)!;
  for (const [key, raw] of Object.entries(where)) {
    if (raw === undefined) continue;
    const op = OPS.find((o) => key.endsWith(o)) ?? '';
    const name = key.slice(0, key.length - op.length);
    const field = model.fields.get(name);
    if (!field) throw new GraphQLError(`${type}_filter has no field ${key}`);
    const actual = e.get(name);
    const c = (x: unknown) => compare(actual, argValue(field, x, schema));
    const inList = () => (raw as unknown[]).some((x) => c(x) === 0);
    const ok =
      op === ''
        ? raw === null
          ? !actual || actual.kind === 'Null'
          : c(raw) === 0
        : op === '_not'
          ? c(raw) !== 0
          : op === '_in'
            ? inList()
            : op === '_not_in'
              ? !inList()
              : op === '_gt'
                ? c(raw) > 0
                : op === '_gte'
                  ? c(raw) >= 0
                  : op === '_lt'
                    ? c(raw) < 0
                    : c(raw) <= 0;
    if (!ok) return false;
  }
  return true;
}

function list(entities: Entity[], type: string, args: ListArgs, schema: SchemaModel): Entity[] {
  const first = args.first ?? 100;
  const skip = args.skip ?? 0;
  if (first < 0 || first > MAX_FIRST)
    throw new GraphQLError(`The \`first\` argument must be between 0 and ${MAX_FIRST}, but is ${first}`);
  if (skip < 0 || skip > MAX_SKIP)
    throw new GraphQLError(`The \`skip\` argument must be between 0 and ${MAX_SKIP}, but is ${skip}`);
  const filtered = args.where ? entities.filter((e) => matches(e, args.where!, type, schema)) : entities;
  const key = args.orderBy ?? 'id';
  const dir = args.orderDirection === 'desc' ? -1 : 1;
  // Ties broken by id, as graph-node does, so paging is stable.
  const sorted = [...filtered].sort(
    (a, b) => dir * compare(a.get(key), b.get(key)) || compare(a.get('id'), b.get('id')),
  );
  return sorted.slice(skip, skip + first);
}

/**
 * A GraphQL endpoint over the harness's entity store that follows graph-node's query conventions (see
 * apiSchemaSdl). It answers at the block it has indexed only: a `block: { number }` above it is refused as
 * graph-node refuses it, and one below it is refused because the stand-in keeps no history.
 */
export function createGraphqlHandler({
  store,
  schema,
  meta,
  hasIndexingErrors = () => false,
}: CreateGraphqlHandlerParameters): (req: GraphqlRequest) => Promise<ExecutionResult> {
  const api = buildSchema(apiSchemaSdl(schema));
  const byCollection = new Map<string, string>();
  const bySingle = new Map<string, string>();
  for (const name of schema.entities.keys()) {
    byCollection.set(collectionName(name), name);
    bySingle.set(singleName(name), name);
  }
  const checkBlock = (block: { number?: number; number_gte?: number; hash?: string } | undefined) => {
    if (!block) return;
    const head = meta();
    const n = block.number ?? block.number_gte;
    if (n === undefined) throw new GraphQLError('the stand-in answers `block` by number only');
    if (!head || BigInt(n) > head.number) {
      throw new GraphQLError(
        `subgraph has only indexed up to block number ${head?.number ?? 'none'} and data for block number ${n} is therefore not yet available`,
      );
    }
    if (block.number !== undefined && BigInt(n) < head.number)
      throw new GraphQLError(`the stand-in keeps no history: block ${n} is below its head ${head.number}`);
  };

  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, _ctx, info) => {
    const parent = info.parentType.name;
    const a = args as ListArgs & { id?: string; block?: { number?: number } };
    if (parent === 'Query') {
      if (info.fieldName === '_meta') {
        checkBlock(a.block);
        const head = meta();
        if (!head) throw new GraphQLError('the subgraph has not indexed any block yet');
        return {
          block: { number: Number(head.number), hash: head.hash, timestamp: Number(head.timestamp) },
          deployment: 'stand-in',
          hasIndexingErrors: hasIndexingErrors(),
        };
      }
      checkBlock(a.block);
      const one = bySingle.get(info.fieldName);
      if (one) return store.get(one, a.id!) ?? null;
      const type = byCollection.get(info.fieldName)!;
      return list(store.all(type), type, a, schema);
    }
    if (parent === '_Meta_' || parent === '_Block_') return (source as Record<string, unknown>)[info.fieldName];
    const model = schema.entities.get(parent)!;
    const field = model.fields.get(info.fieldName)!;
    const entity = source as Entity;
    const id = entity.get('id');
    if (field.derivedFrom)
      return list(
        store.loadRelated(parent, String(id && 'value' in id ? id.value : ''), field.name),
        field.typeName,
        a,
        schema,
      );
    const v = entity.get(field.name);
    if (field.category === 'entity') {
      if (!v || v.kind === 'Null') return null;
      if (v.kind === 'Array')
        return v.value.map((x) => store.get(field.typeName, String('value' in x ? x.value : ''))).filter(Boolean);
      return store.get(field.typeName, String('value' in v ? v.value : '')) ?? null;
    }
    return output(v);
  };

  return async ({ query, variables, operationName }) =>
    await graphql({
      schema: api,
      source: query,
      variableValues: variables ?? null,
      operationName: operationName ?? null,
      fieldResolver,
    });
}
