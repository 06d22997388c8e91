import { parseEventLogs, type Address, type Client } from 'viem';
import { getBlock, getBlockNumber, getLogs } from 'viem/actions';
import type { DataSource, SourceStatus } from './dataSource';
import { DashboardError } from './errors';
import { protocolEventsAbi, type ProtocolEvent } from './events';
import { foldEvents } from './reducer';
import { emptyState, type DashboardState } from './types';

export type CreateEventIndexerParameters = {
  /** Any viem client; the indexer calls tree-shakable actions on it, so the bundle carries only those. */
  client: Client;
  deployment: { coordinator: Address; court: Address; startBlock: bigint };
  /** Pause between polls for new blocks. */
  pollIntervalMs?: number;
  /** Largest getLogs range; public RPCs refuse wide ones, so the catch-up walks history in chunks. */
  maxBlockRange?: bigint;
};

/**
 * The embedded indexer: one catch-up from the deployment's start block, then, on every poll, getLogs over the
 * blocks that are new since the last poll only (the cursor `nextBlock` never moves back), folded into the state
 * by the pure reducer. Chain reorganisations are not handled: a devnet has none; a public chain wants the
 * subgraph.
 */
export function createEventIndexer(params: CreateEventIndexerParameters): DataSource & { nextBlock(): bigint } {
  const { client, deployment } = params;
  const pollIntervalMs = params.pollIntervalMs ?? 2_000;
  const maxBlockRange = params.maxBlockRange ?? 10_000n;
  let state: DashboardState = emptyState();
  let status: SourceStatus = { kind: 'loading' };
  let nextBlock = deployment.startBlock;
  let inFlight: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  // Each start begins a new poll loop; a loop from an earlier start (stopped while its update was in flight,
  // as React's StrictMode does on mount) sees a newer generation and ends instead of polling twice.
  let generation = 0;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());

  async function fetchNew(): Promise<void> {
    const head = await getBlockNumber(client, { cacheTime: 0 });
    if (head + 1n < nextBlock) {
      // The chain went backwards past blocks already read: a restarted devnet. Start over from the deployment.
      state = emptyState();
      nextBlock = deployment.startBlock;
    }
    if (head < nextBlock) return;
    while (nextBlock <= head) {
      const toBlock = nextBlock + maxBlockRange - 1n < head ? nextBlock + maxBlockRange - 1n : head;
      const logs = await getLogs(client, { address: [deployment.coordinator, deployment.court], fromBlock: nextBlock, toBlock });
      const events = parseEventLogs({ abi: protocolEventsAbi, logs }).map(
        (log) =>
          ({
            eventName: log.eventName,
            args: log.args,
            blockNumber: log.blockNumber,
            logIndex: log.logIndex,
            ...(log.blockTimestamp != null ? { timestampS: Number(log.blockTimestamp) } : {}),
          }) as ProtocolEvent,
      );
      state = foldEvents(state, events);
      nextBlock = toBlock + 1n;
    }
    const block = await getBlock(client, { blockNumber: head });
    state = { ...state, head: { blockNumber: head, timestampS: Number(block.timestamp) } };
  }

  function update(): Promise<void> {
    // One update at a time: overlapping polls would fetch the same range twice.
    inFlight ??= fetchNew()
      .then(() => {
        status = { kind: 'live', lastUpdateMs: Date.now() };
      })
      .catch((cause: unknown) => {
        const error = new DashboardError('RPC_UNAVAILABLE', `could not read the chain: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`, { cause });
        status = { kind: 'error', error, ...(status.kind !== 'loading' && status.lastUpdateMs ? { lastUpdateMs: status.lastUpdateMs } : {}) };
      })
      .finally(() => {
        inFlight = undefined;
        notify();
      });
    return inFlight;
  }

  function loop(gen: number) {
    if (!running || gen !== generation) return;
    timer = setTimeout(() => {
      void update().finally(() => loop(gen));
    }, pollIntervalMs);
  }

  return {
    getState: () => state,
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (running) return;
      running = true;
      const gen = ++generation;
      void update().finally(() => loop(gen));
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    update,
    nextBlock: () => nextBlock,
  };
}
