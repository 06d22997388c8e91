import {
  decodeEventLog,
  toEventSelector,
  type Abi,
  type AbiEvent,
  type Address,
  type Hex,
  type Log,
  type PublicClient,
} from 'viem';
import { coordinatorAbi, disputeCourtAbi } from '@veritrain/protocol';
import path from 'node:path';
import { handlerName } from '../manifest/handlerName';
import { eventsOf } from '../manifest/dataSources';
import { subgraphRoot } from '../manifest/resolveDeployment';
import type { EntityStore } from './entityStore';
import type { EventBlock, EventInput, EventTransaction } from './ethereumEvent';
import { loadMappingModule, type MappingModule } from './mappingModule';

export type IndexedBlock = { number: bigint; hash: Hex; timestamp: bigint };

export type ChainIndexer = {
  /** Feeds the logs of blocks (last indexed, head] to the mappings, in chain order. Returns the new head. */
  indexTo(head?: bigint): Promise<IndexedBlock>;
  /** The last block indexed (graph-node's `_meta.block`). */
  block(): IndexedBlock | undefined;
  /** Events handled so far, by event name. */
  handled: Map<string, number>;
  /**
   * The error that stopped indexing, if a handler failed: as graph-node does, the failing block's writes are
   * undone, the subgraph stays at the block before it, and it does not move on (`_meta.hasIndexingErrors`).
   */
  failure(): Error | undefined;
};

export type CreateChainIndexerParameters = {
  client: PublicClient;
  deployment: { coordinator: Address; court: Address; startBlock: bigint };
  store: EntityStore;
  /** Folder with the `graph build` output (default: subgraph/build). */
  buildDir?: string;
  /** Largest getLogs range: long histories are read in chunks. */
  maxBlockRange?: bigint;
};

type Route = { module: MappingModule; event: AbiEvent; abi: Abi };

/**
 * The harness's stand-in for graph-node's block stream: reads the contracts' logs from a real node with viem,
 * converts each into the ethereum.Event the handlers expect (block, transaction, parameters in ABI order) and
 * runs the handler of its data source, in block then log-index order across both contracts, as graph-node does.
 */
export function createChainIndexer({
  client,
  deployment,
  store,
  buildDir = path.join(subgraphRoot, 'build'),
  maxBlockRange = 10_000n,
}: CreateChainIndexerParameters): ChainIndexer {
  const routes = new Map<string, Route>();
  const sources: [Address, string, Abi][] = [
    [deployment.coordinator, 'Coordinator', coordinatorAbi as Abi],
    [deployment.court, 'DisputeCourt', disputeCourtAbi as Abi],
  ];
  for (const [address, name, abi] of sources) {
    const module = loadMappingModule(path.join(buildDir, name, `${name}.wasm`), store);
    for (const event of eventsOf(abi))
      routes.set(`${address.toLowerCase()}:${toEventSelector(event)}`, { module, event, abi });
  }
  let last: IndexedBlock | undefined;
  const handled = new Map<string, number>();
  const blocks = new Map<bigint, EventBlock>();
  const txs = new Map<Hex, EventTransaction & { logIndexes: bigint[] }>();

  async function blockOf(n: bigint): Promise<EventBlock> {
    let b = blocks.get(n);
    if (!b) {
      const r = await client.getBlock({ blockNumber: n });
      b = {
        hash: r.hash!,
        parentHash: r.parentHash,
        unclesHash: r.sha3Uncles,
        author: r.miner,
        stateRoot: r.stateRoot,
        transactionsRoot: r.transactionsRoot,
        receiptsRoot: r.receiptsRoot,
        number: r.number!,
        gasUsed: r.gasUsed,
        gasLimit: r.gasLimit,
        timestamp: r.timestamp,
        difficulty: r.difficulty,
        totalDifficulty: r.totalDifficulty ?? 0n,
        size: r.size,
        baseFeePerGas: r.baseFeePerGas ?? null,
      };
      blocks.set(n, b);
    }
    return b;
  }

  async function txOf(hash: Hex) {
    let t = txs.get(hash);
    if (!t) {
      const [tx, receipt] = await Promise.all([
        client.getTransaction({ hash }),
        client.getTransactionReceipt({ hash }),
      ]);
      t = {
        hash,
        index: BigInt(tx.transactionIndex ?? 0),
        from: tx.from,
        to: tx.to ?? null,
        value: tx.value,
        gasLimit: tx.gas,
        gasPrice: tx.gasPrice ?? 0n,
        input: tx.input,
        nonce: BigInt(tx.nonce),
        logIndexes: receipt.logs.map((l) => BigInt(l.logIndex)),
      };
      txs.set(hash, t);
    }
    return t;
  }

  let failed: Error | undefined;

  /** Everything the handler of one log needs, read from the node before any handler runs. */
  async function prepare(log: Log<bigint, number, false>): Promise<{ route: Route; input: EventInput } | undefined> {
    const route = routes.get(`${log.address.toLowerCase()}:${log.topics[0]}`);
    if (!route) return undefined; // an event no data source lists: graph-node ignores it too
    const decoded = decodeEventLog({ abi: [route.event], data: log.data, topics: log.topics, strict: true });
    const args = decoded.args as unknown as Record<string, unknown>;
    const tx = await txOf(log.transactionHash);
    const input: EventInput = {
      address: log.address,
      logIndex: BigInt(log.logIndex),
      transactionLogIndex: BigInt(tx.logIndexes.indexOf(BigInt(log.logIndex))),
      block: await blockOf(log.blockNumber),
      transaction: tx,
      params: route.event.inputs.map((abi) => ({ abi, value: args[abi.name!] })),
    };
    return { route, input };
  }

  async function markIndexed(n: bigint): Promise<void> {
    const b = await blockOf(n);
    last = { number: n, hash: b.hash, timestamp: b.timestamp };
  }

  return {
    handled,
    block: () => last,
    failure: () => failed,
    async indexTo(head) {
      if (failed) throw failed;
      const to = head ?? (await client.getBlockNumber({ cacheTime: 0 }));
      for (let from = last ? last.number + 1n : deployment.startBlock; from <= to; from += maxBlockRange) {
        const chunkEnd = from + maxBlockRange - 1n < to ? from + maxBlockRange - 1n : to;
        const logs = await client.getLogs({
          address: [deployment.coordinator, deployment.court],
          fromBlock: from,
          toBlock: chunkEnd,
        });
        logs.sort((a, b) =>
          a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
        );
        // One block at a time, all or nothing. The node is read first, so a failing RPC leaves nothing half done
        // (the next call resumes at the same block); only a handler's failure stops indexing for good.
        for (let i = 0; i < logs.length; ) {
          const n = logs[i]!.blockNumber;
          const prepared: { route: Route; input: EventInput }[] = [];
          for (; i < logs.length && logs[i]!.blockNumber === n; i++) {
            const p = await prepare(logs[i]!);
            if (p) prepared.push(p);
          }
          const restore = store.snapshot();
          try {
            for (const { route, input } of prepared) {
              route.module.handle(handlerName(route.event.name), input);
              handled.set(route.event.name, (handled.get(route.event.name) ?? 0) + 1);
            }
          } catch (error) {
            restore();
            failed = error instanceof Error ? error : new Error(String(error));
            // Every block before this one is indexed (those without events trivially).
            if (n > deployment.startBlock) await markIndexed(n - 1n).catch(() => undefined);
            throw failed;
          }
          await markIndexed(n);
        }
        await markIndexed(chunkEnd);
        // Blocks and transactions behind the indexed block are never read again.
        blocks.clear();
        txs.clear();
      }
      await markIndexed(to);
      return last!;
    },
  };
}
