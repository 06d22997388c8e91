import type { DataSource } from './dataSource';
import { DashboardError } from './errors';
import { createPollingSource } from './pollingSource';
import { emptyState, type DashboardState } from './types';
import {
  collections,
  fetchChanges,
  fetchMeta,
  MAX_PAGE_SIZE,
  type ChangedRecords,
  type CollectionName,
} from './subgraph/fetchChanges';
import type { FetchLike } from './subgraph/postGraphql';
import { SubgraphSourceError } from './subgraph/subgraphSourceError';
import { toDashboardState } from './subgraph/toDashboardState';

export type CreateSubgraphSourceOptions = {
  /** Pause between polls of `_meta`. */
  pollIntervalMs?: number;
  /** Rows per GraphQL list request (graph-node allows at most 1000). */
  pageSize?: number;
  /**
   * Blocks re-read behind the last one seen on every poll: a chain reorganisation that graph-node reverts within
   * this depth is picked up (0 on a devnet, which has none).
   */
  reorgMarginBlocks?: bigint;
  /** The fetch to use (tests; default: the global fetch). */
  fetch?: FetchLike;
};

const emptyRecords = (): ChangedRecords =>
  Object.fromEntries(Object.keys(collections).map((k) => [k, new Map()])) as ChangedRecords;

/**
 * The subgraph data source: GraphQL over VITE_SUBGRAPH_URL (subgraph/ in this repo). Each poll reads `_meta` and,
 * when the indexed block moved, only the entities written since the last block seen (`updatedAtBlock_gt`), all
 * read at that one block (`block: { number }`) so the pages agree; they are merged into the records kept so far
 * and mapped to the DashboardState the embedded indexer would fold from the same chain.
 */
export function createSubgraphSource(
  url: string,
  options: CreateSubgraphSourceOptions = {},
): DataSource & { lastBlock(): bigint | undefined } {
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  const reorgMarginBlocks = options.reorgMarginBlocks ?? 0n;
  if (!/^https?:\/\//.test(url)) {
    const error = new DashboardError(
      'INVALID_CONFIG',
      `VITE_SUBGRAPH_URL must be the http(s) URL of a subgraph's GraphQL endpoint, got ${JSON.stringify(url)}`,
    );
    return { ...inert(error), lastBlock: () => undefined };
  }
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    throw new RangeError(`pageSize must be an integer in 1..${MAX_PAGE_SIZE}, got ${pageSize}`);
  const fetchOpt = options.fetch ? { fetch: options.fetch } : {};
  let records = emptyRecords();
  let state: DashboardState = emptyState();
  let lastBlock: bigint | undefined;

  async function fetchNew(): Promise<SubgraphSourceError | undefined> {
    const meta = await fetchMeta(url, options.fetch);
    if (lastBlock !== undefined && meta.number < lastBlock) {
      // The subgraph went back past blocks already read (redeployed, or a devnet restarted): start over.
      records = emptyRecords();
      lastBlock = undefined;
    }
    const timestampS = meta.timestampS ?? state.head?.timestampS ?? Math.floor(Date.now() / 1000);
    if (lastBlock === undefined || meta.number > lastBlock) {
      const after = lastBlock === undefined ? -1n : lastBlock - reorgMarginBlocks;
      const changed = await fetchChanges({ url, atBlock: meta.number, changedAfter: after, pageSize, ...fetchOpt });
      const next = emptyRecords();
      for (const name of Object.keys(collections) as CollectionName[]) {
        const merged = new Map(records[name] as Map<string, unknown>);
        for (const [id, r] of changed[name] as Map<string, unknown>) merged.set(id, r);
        (next[name] as Map<string, unknown>) = merged;
      }
      records = next;
      lastBlock = meta.number;
      state = toDashboardState(records, { blockNumber: meta.number, timestampS });
    }
    return meta.hasIndexingErrors
      ? new SubgraphSourceError(
          'indexing',
          `the subgraph at ${url} reports indexing errors: its data may stop at block ${meta.number}`,
        )
      : undefined;
  }

  const source = createPollingSource({
    pollIntervalMs,
    fetchNew,
    describeFailure: (cause) =>
      cause instanceof SubgraphSourceError
        ? cause
        : new SubgraphSourceError(
            'malformed',
            `could not read the subgraph at ${url}: ${cause instanceof Error ? cause.message : String(cause)}`,
            { cause },
          ),
    getState: () => state,
  });
  return {
    ...source,
    lastBlock: () => lastBlock,
  };
}

/** A source that only reports a configuration error (nothing to poll). */
function inert(error: DashboardError): DataSource {
  const state = emptyState();
  return {
    getState: () => state,
    getStatus: () => ({ kind: 'error', error }),
    subscribe: () => () => undefined,
    start: () => undefined,
    stop: () => undefined,
    update: async () => undefined,
  };
}
