import { createPublicClient, http, parseAbiItem, type Address, type PublicClient } from 'viem';

/** `Coordinator.Submitted`, only the fields the archiver reads. */
const submittedEvent = parseAbiItem(
  'event Submitted(uint256 indexed runId, uint256 indexed submissionId, address indexed worker, uint256 parentId, uint64 firstStep, uint64 lastStep, bytes32 stepsRoot, bytes32 finalRoot, string checkpointCid, bytes losses, uint64 challengeDeadline)',
);

export type CheckpointArchiverParameters = {
  rpcUrl: string;
  coordinator: Address;
  startBlock: bigint;
  /** The hub's HTTP gateway: whatever it serves once stays in the hub's blockstore. */
  gatewayUrl: string;
  pollIntervalMs?: number;
  /** Give up on one submission after this many failed passes (its worker never published it). */
  maxAttempts?: number;
  log: (message: string) => void;
  fetchImpl?: typeof fetch;
  client?: PublicClient;
};

export type CheckpointArchiver = {
  /** Submissions whose manifest and checkpoint the hub now holds. */
  archived(): number;
  /** One pass: read new Submitted events and fetch what is not archived yet. Passes never overlap. */
  poll(): Promise<void>;
  stop(): void;
};

/**
 * Keeps a copy of every submission's manifest and checkpoint in the devnet's IPFS hub, by reading each one through
 * the hub's own gateway as soon as it is submitted. Without it, the newest checkpoints live only in the workers'
 * embedded nodes, and a finished run's last checkpoint — the trained model — disappears when they exit. (On a
 * real network this is a pinning service's or an IPFS Cluster's job.)
 */
export function startCheckpointArchiver(p: CheckpointArchiverParameters): CheckpointArchiver {
  const client = p.client ?? createPublicClient({ transport: http(p.rpcUrl) });
  const fetchImpl = p.fetchImpl ?? fetch;
  const maxAttempts = p.maxAttempts ?? 20;
  const queue = new Map<string, { submissionId: bigint; attempts: number }>();
  let nextBlock = p.startBlock;
  let archived = 0;
  let stopped = false;
  let running: Promise<void> | undefined;

  const read = async (cid: string): Promise<Uint8Array> => {
    const res = await fetchImpl(`${p.gatewayUrl}/ipfs/${cid}`, { signal: AbortSignal.timeout(35_000) });
    if (!res.ok) throw new Error(`gateway answered ${res.status} for ${cid}`);
    return new Uint8Array(await res.arrayBuffer());
  };

  const pass = async () => {
    const head = await client.getBlockNumber();
    if (head >= nextBlock) {
      const logs = await client.getLogs({
        address: p.coordinator,
        event: submittedEvent,
        fromBlock: nextBlock,
        toBlock: head,
      });
      for (const l of logs) queue.set(l.args.checkpointCid!, { submissionId: l.args.submissionId!, attempts: 0 });
      nextBlock = head + 1n;
    }
    for (const [manifestCid, entry] of queue) {
      if (stopped) return;
      try {
        const manifest = JSON.parse(new TextDecoder().decode(await read(manifestCid))) as { checkpointCid?: unknown };
        if (typeof manifest.checkpointCid !== 'string') throw new Error(`manifest ${manifestCid} has no checkpointCid`);
        await read(manifest.checkpointCid);
        queue.delete(manifestCid);
        archived += 1;
      } catch (err) {
        entry.attempts += 1;
        if (entry.attempts >= maxAttempts) {
          queue.delete(manifestCid);
          p.log(
            `archiver: gave up on submission ${entry.submissionId} (${manifestCid}) after ${maxAttempts} tries: ${(err as Error).message}`,
          );
        }
      }
    }
  };

  const poll = () => {
    running ??= pass()
      .catch((err: unknown) => p.log(`archiver: ${(err as Error).message.split('\n')[0]}; trying again`))
      .finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void poll(), p.pollIntervalMs ?? 2_000);
  timer.unref();
  return {
    archived: () => archived,
    poll,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
