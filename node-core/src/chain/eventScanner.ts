import type { Abi, Address, ContractEventName, GetContractEventsParameters, GetContractEventsReturnType } from 'viem';
import { callWithRetry, type RetryOptions } from './callWithRetry';
import type { ChainClients } from './createChainClients';

export type EventQuery<abi extends Abi, eventName extends ContractEventName<abi>> = {
  clients: ChainClients;
  retry: RetryOptions;
  address: Address;
  abi: abi;
  eventName: eventName;
  /** Indexed arguments to filter on (typed by the ABI). */
  args?: GetContractEventsParameters<abi, eventName>['args'];
  /** Most blocks asked for in one eth_getLogs (public endpoints cap the range; default 10,000). */
  maxBlockRange?: bigint;
};

/** Decoded logs of one event, typed by the ABI. */
export type EventLogs<abi extends Abi, eventName extends ContractEventName<abi>> = GetContractEventsReturnType<
  abi,
  eventName,
  true,
  bigint,
  bigint
>;

const DEFAULT_MAX_BLOCK_RANGE = 10_000n;

/** Every log of the event in [fromBlock, toBlock], asked for in pages of `maxBlockRange` blocks, each retried. */
export async function findEvents<const abi extends Abi, eventName extends ContractEventName<abi>>(
  q: EventQuery<abi, eventName> & { fromBlock: bigint; toBlock?: bigint },
): Promise<EventLogs<abi, eventName>> {
  const toBlock =
    q.toBlock ??
    (await callWithRetry('getBlockNumber', () => q.clients.publicClient.getBlockNumber({ cacheTime: 0 }), q.retry));
  const page = q.maxBlockRange ?? DEFAULT_MAX_BLOCK_RANGE;
  const out: EventLogs<abi, eventName>[number][] = [];
  for (let from = q.fromBlock; from <= toBlock; from += page) {
    const to = from + page - 1n < toBlock ? from + page - 1n : toBlock;
    const logs = await callWithRetry(
      `getLogs ${q.eventName}`,
      () =>
        // viem's getContractEvents is generic over these same parameters; one widening here keeps every caller typed.
        q.clients.publicClient.getContractEvents({
          address: q.address,
          abi: q.abi as Abi,
          eventName: q.eventName as string,
          args: q.args as never,
          fromBlock: from,
          toBlock: to,
          strict: true,
        }),
      q.retry,
    );
    out.push(...(logs as unknown as EventLogs<abi, eventName>));
  }
  return out as EventLogs<abi, eventName>;
}

export type EventScanner<abi extends Abi, eventName extends ContractEventName<abi>> = {
  /** The logs since the last call (from `fromBlock` at first), up to the head less `confirmations`. */
  next(): Promise<EventLogs<abi, eventName>>;
  /** The last block scanned. */
  readonly scannedTo: bigint;
};

/**
 * A cursor over one event: each `next()` returns the logs of the blocks not scanned yet, in block order, and
 * moves the cursor to the block it scanned to. With `confirmations` the newest blocks are left for a later call
 * (a log read from a block a reorg may drop; 0, the default, reads to the head as the nodes did before).
 */
export function createEventScanner<const abi extends Abi, eventName extends ContractEventName<abi>>(
  q: EventQuery<abi, eventName> & { fromBlock: bigint; confirmations?: bigint },
): EventScanner<abi, eventName> {
  let scannedTo = q.fromBlock - 1n;
  return {
    get scannedTo() {
      return scannedTo;
    },
    async next() {
      const head = await callWithRetry(
        'getBlockNumber',
        () => q.clients.publicClient.getBlockNumber({ cacheTime: 0 }),
        q.retry,
      );
      const to = head - (q.confirmations ?? 0n);
      if (to <= scannedTo) return [] as EventLogs<abi, eventName>;
      const logs = await findEvents({ ...q, fromBlock: scannedTo + 1n, toBlock: to });
      scannedTo = to;
      return logs;
    },
  };
}
