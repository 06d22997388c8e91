import { ballots, disputes, protocols, runs, submissions, validators, workers, type Collection } from './collections';
import { FieldReader, malformed } from './fieldReader';
import { postGraphql, type FetchLike } from './postGraphql';

export const collections = { runs, submissions, workers, disputes, ballots, validators, protocols } as const;
export type CollectionName = keyof typeof collections;
export type ChangedRecords = { [K in CollectionName]: Map<string, ReturnType<(typeof collections)[K]['parse']>> };

export type SubgraphBlock = { number: bigint; timestampS?: number; hasIndexingErrors: boolean };

/** graph-node answers at most 1000 rows per list field. */
export const MAX_PAGE_SIZE = 1000;

/** The block graph-node has indexed up to (`_meta`), and whether indexing hit errors. */
export async function fetchMeta(url: string, fetch?: FetchLike): Promise<SubgraphBlock> {
  const data = await postGraphql({
    url,
    query: '{ _meta { block { number timestamp } hasIndexingErrors } }',
    ...(fetch ? { fetch } : {}),
  });
  const meta = FieldReader.of(data._meta, '_meta');
  const block = FieldReader.of((data._meta as Record<string, unknown>).block, '_meta.block');
  const timestampS = block.optionalInt('timestamp');
  return {
    number: BigInt(block.int('number')),
    ...(timestampS !== undefined ? { timestampS } : {}),
    hasIndexingErrors: meta.boolean('hasIndexingErrors'),
  };
}

export type FetchChangesParameters = {
  url: string;
  /** Read the state as of this block (graph-node's `block: { number }`), so all pages agree with each other. */
  atBlock: bigint;
  /** Only entities written after this block (`updatedAtBlock_gt`); -1 for everything. */
  changedAfter: bigint;
  pageSize?: number;
  fetch?: FetchLike;
};

/**
 * Every entity written in (changedAfter, atBlock], paged by id (`id_gt`, ordered by id) as graph-node advises
 * for long lists: the first page of every collection in one request, further pages only for full collections.
 */
export async function fetchChanges({
  url,
  atBlock,
  changedAfter,
  pageSize = MAX_PAGE_SIZE,
  fetch,
}: FetchChangesParameters): Promise<ChangedRecords> {
  const out = Object.fromEntries(Object.keys(collections).map((k) => [k, new Map()])) as ChangedRecords;
  // Below every id: '' for String ids, empty bytes for Bytes ids.
  let pending = (Object.keys(collections) as CollectionName[]).map((name) => ({
    name,
    lastId: collections[name].idType === 'Bytes' ? '0x' : '',
  }));
  while (pending.length > 0) {
    const parts = pending.map(
      ({ name }, i) =>
        `${name}: ${name}(first: ${pageSize}, orderBy: id, orderDirection: asc, where: { updatedAtBlock_gt: $after, id_gt: $last${i} }, block: { number: $block }) { ${collections[name].selection} }`,
    );
    const vars = pending.map((p, i) => `$last${i}: ${collections[p.name].idType}!`).join(', ');
    const query = `query Changes($block: Int!, $after: BigInt!, ${vars}) {\n  ${parts.join('\n  ')}\n}`;
    const variables: Record<string, unknown> = { block: Number(atBlock), after: changedAfter.toString() };
    for (const [i, p] of pending.entries()) variables[`last${i}`] = p.lastId;
    const data = await postGraphql({ url, query, variables, ...(fetch ? { fetch } : {}) });
    const next: typeof pending = [];
    for (const p of pending) {
      const rows = data[p.name];
      if (!Array.isArray(rows)) throw malformed(p.name, 'a list', rows);
      const collection = collections[p.name] as Collection<unknown>;
      rows.forEach((row, i) => {
        const r = FieldReader.of(row, `${p.name}[${i}]`);
        (out[p.name] as Map<string, unknown>).set(r.string('id'), collection.parse(r));
      });
      if (rows.length === pageSize)
        next.push({ name: p.name, lastId: FieldReader.of(rows.at(-1), `${p.name}[${rows.length - 1}]`).string('id') });
    }
    pending = next;
  }
  return out;
}
