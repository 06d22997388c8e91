import type { EntityModel, FieldModel, SchemaModel } from '../harness/schemaModel';

const COMPARABLE = new Set(['ID', 'String', 'Bytes', 'BigInt', 'BigDecimal', 'Int', 'Int8', 'Timestamp']);

/** graph-node's name for an entity's list field: `StepLoss` -> `stepLosses`, `Protocol` -> `protocols`. */
export function collectionName(entity: string): string {
  const singular = entity[0]!.toLowerCase() + entity.slice(1);
  if (/(s|x|z|ch|sh)$/.test(singular)) return `${singular}es`;
  if (/[^aeiou]y$/.test(singular)) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

export const singleName = (entity: string): string => entity[0]!.toLowerCase() + entity.slice(1);

const filterType = (f: FieldModel, schema: SchemaModel): string => {
  if (f.category === 'entity') return schema.entities.get(f.typeName)!.idType === 'Bytes' ? 'Bytes' : 'String';
  return f.typeName;
};

function filterInput(e: EntityModel, schema: SchemaModel): string {
  const lines: string[] = [];
  for (const f of e.fields.values()) {
    if (f.derivedFrom || f.list) continue;
    const t = filterType(f, schema);
    lines.push(`  ${f.name}: ${t}`, `  ${f.name}_not: ${t}`, `  ${f.name}_in: [${t}!]`, `  ${f.name}_not_in: [${t}!]`);
    if (COMPARABLE.has(t)) for (const op of ['gt', 'gte', 'lt', 'lte']) lines.push(`  ${f.name}_${op}: ${t}`);
  }
  return `input ${e.name}_filter {\n${lines.join('\n')}\n}`;
}

const listArgs = (entity: string) =>
  `(skip: Int = 0, first: Int = 100, orderBy: ${entity}_orderBy, orderDirection: OrderDirection, where: ${entity}_filter)`;

/**
 * The query API graph-node derives from schema.graphql, as far as the stand-in serves it: per entity a single
 * field (`submission(id:)`) and a list field (`submissions(skip, first, orderBy, orderDirection, where)`),
 * both with `block: Block_height`; filters `field`, `_not`, `_in`, `_not_in`, `_gt`, `_gte`, `_lt`, `_lte`;
 * relations as objects; derived fields as lists; `_meta { block { number hash timestamp } hasIndexingErrors }`.
 */
export function apiSchemaSdl(schema: SchemaModel): string {
  const parts: string[] = [
    'scalar BigInt',
    'scalar BigDecimal',
    'scalar Bytes',
    'scalar Int8',
    'scalar Timestamp',
    'enum OrderDirection { asc desc }',
    'input Block_height { hash: Bytes number: Int number_gte: Int }',
    'type _Block_ { hash: Bytes number: Int! timestamp: Int parentHash: Bytes }',
    'type _Meta_ { block: _Block_! deployment: String! hasIndexingErrors: Boolean! }',
  ];
  for (const [name, values] of schema.enums) parts.push(`enum ${name} { ${values.join(' ')} }`);
  const query: string[] = [];
  for (const e of schema.entities.values()) {
    const fields = [...e.fields.values()].map((f) => {
      const type = f.list ? `[${f.typeName}!]` : f.typeName;
      const args = f.derivedFrom || (f.list && f.category === 'entity') ? listArgs(f.typeName) : '';
      return `  ${f.name}${args}: ${type}${f.nonNull ? '!' : ''}`;
    });
    parts.push(`type ${e.name} {\n${fields.join('\n')}\n}`);
    const orderable = [...e.fields.values()].filter((f) => !f.derivedFrom && !f.list).map((f) => f.name);
    parts.push(`enum ${e.name}_orderBy { ${orderable.join(' ')} }`, filterInput(e, schema));
    query.push(`  ${singleName(e.name)}(id: ID!, block: Block_height): ${e.name}`);
    query.push(`  ${collectionName(e.name)}${listArgs(e.name).slice(0, -1)}, block: Block_height): [${e.name}!]!`);
  }
  query.push('  _meta(block: Block_height): _Meta_');
  parts.push(`type Query {\n${query.join('\n')}\n}`);
  return parts.join('\n\n');
}
