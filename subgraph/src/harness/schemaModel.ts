import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type ConstDirectiveNode, type TypeNode } from 'graphql';

export type FieldModel = {
  name: string;
  /** The named type at the bottom of list / non-null wrappers (e.g. `BigInt`, `Submission`). */
  typeName: string;
  category: 'scalar' | 'enum' | 'entity';
  list: boolean;
  nonNull: boolean;
  /** For `@derivedFrom(field: "x")`: the field on `typeName` that points back here. */
  derivedFrom?: string;
};

export type EntityModel = {
  name: string;
  immutable: boolean;
  idType: 'ID' | 'String' | 'Bytes';
  fields: Map<string, FieldModel>;
};

export type SchemaModel = { entities: Map<string, EntityModel>; enums: Map<string, string[]>; sdl: string };

export const schemaFile = path.resolve(import.meta.dirname, '..', '..', 'schema.graphql');

function unwrap(type: TypeNode): { typeName: string; list: boolean; nonNull: boolean } {
  let nonNull = false;
  let list = false;
  let t = type;
  if (t.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    t = t.type;
  }
  if (t.kind === Kind.LIST_TYPE) {
    list = true;
    t = t.type;
    if (t.kind === Kind.NON_NULL_TYPE) t = t.type;
  }
  if (t.kind !== Kind.NAMED_TYPE) throw new Error('nested lists are not supported');
  return { typeName: t.name.value, list, nonNull };
}

const directiveArg = (d: ConstDirectiveNode | undefined, name: string) => {
  const arg = d?.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.STRING || arg?.value.kind === Kind.BOOLEAN ? arg.value.value : undefined;
};

/** Reads schema.graphql the way graph-node does for what the harness needs: entities, fields, enums, derived fields. */
export function loadSchemaModel(file = schemaFile): SchemaModel {
  const sdl = readFileSync(file, 'utf8');
  const doc = parse(sdl);
  const enums = new Map<string, string[]>();
  const entityNames = new Set<string>();
  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION)
      enums.set(
        def.name.value,
        (def.values ?? []).map((v) => v.name.value),
      );
    if (def.kind === Kind.OBJECT_TYPE_DEFINITION) entityNames.add(def.name.value);
  }
  const entities = new Map<string, EntityModel>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const entityDirective = def.directives?.find((d) => d.name.value === 'entity');
    const fields = new Map<string, FieldModel>();
    for (const f of def.fields ?? []) {
      const { typeName, list, nonNull } = unwrap(f.type);
      const derived = f.directives?.find((d) => d.name.value === 'derivedFrom');
      const category = entityNames.has(typeName) ? 'entity' : enums.has(typeName) ? 'enum' : 'scalar';
      const derivedFrom = directiveArg(derived, 'field');
      fields.set(f.name.value, {
        name: f.name.value,
        typeName,
        category,
        list,
        nonNull,
        ...(typeof derivedFrom === 'string' ? { derivedFrom } : {}),
      });
    }
    const idType = fields.get('id')?.typeName as EntityModel['idType'];
    entities.set(def.name.value, {
      name: def.name.value,
      immutable: directiveArg(entityDirective, 'immutable') === true,
      idType,
      fields,
    });
  }
  return { entities, enums, sdl };
}
