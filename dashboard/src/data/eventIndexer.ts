import { parseEventLogs, type Address, type Client } from 'viem';
import { getBlock, getBlockNumber, getLogs } from 'viem/actions';
import type { DataSource } from './dataSource';
import { DashboardError } from './errors';
import { protocolEventsAbi, type ProtocolEvent } from './events';
import { createPollingSource } from './pollingSource';
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
  let nextBlock = deployment.startBlock;

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
      const logs = await getLogs(client, {
        address: [deployment.coordinator, deployment.court],
        fromBlock: nextBlock,
        toBlock,
      });
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

  const source = createPollingSource({
    pollIntervalMs,
    fetchNew: async () => {
      await fetchNew();
      return undefined;
    },
    describeFailure: (cause) =>
      new DashboardError(
        'RPC_UNAVAILABLE',
        `could not read the chain: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`,
        { cause },
      ),
    getState: () => state,
  });
  return {
    ...source,
    nextBlock: () => nextBlock,
  };
}
