import type { CID } from 'multiformats/cid';
import { fetchGatewayBlock } from './gatewayBlock';
import type { GetBlock } from './readUnixfsFile';

/** What one read needs from the node: its blockstore and bitswap, and how many peers bitswap can ask. */
export interface NodeBlockAccess {
  /** Whether the block is in the local blockstore (never fetches). */
  has(cid: CID, signal: AbortSignal): Promise<boolean>;
  /** The block from the local blockstore, or over bitswap from the connected peers (stored on arrival). */
  get(cid: CID, signal: AbortSignal, root: boolean): Promise<Uint8Array>;
  /** Keeps a block fetched elsewhere (a gateway), so `has`, `pin` and our own peers see it. */
  put(cid: CID, block: Uint8Array, signal: AbortSignal): Promise<void>;
  /** Peer ids of the current connections (bitswap asks every one of them). */
  connectedPeers(): string[];
}

/**
 * How long a block is asked of the peers alone before the gateways are asked too. A read from a healthy peer
 * never touches a gateway; a read from a frozen or missing one falls over to them within this, and from then on
 * asks them first (see {@link createBlockRead}).
 */
export const DEFAULT_GATEWAY_HEDGE_MS = 1_500;

export interface BlockRead {
  getBlock: GetBlock;
  /** Every source this read asked, and how each answered: for the message of a read that failed. */
  describeSources(): string;
}

/**
 * The sources of one read (a `get` or `pin`): the local blockstore first; then bitswap, which asks every connected
 * peer (the bootstrap hub included); and every configured gateway, raced against bitswap after `hedgeMs` (at once
 * when no peer is connected, or once a gateway has served a block of this read). The first verified answer wins
 * and the others are aborted. Bitswap checks each block's hash; {@link fetchGatewayBlock} does the same for the
 * gateways, so no source is trusted.
 */
export function createBlockRead(
  node: NodeBlockAccess,
  gateways: readonly string[],
  hedgeMs = DEFAULT_GATEWAY_HEDGE_MS,
): BlockRead {
  const gatewayOutcome = new Map<string, { asked: number; served: number; lastError?: string }>(
    gateways.map((g) => [g, { asked: 0, served: 0 }]),
  );
  let gatewayServing = false;

  const fromGateway = async (gateway: string, cid: CID, signal: AbortSignal): Promise<Uint8Array> => {
    const waitMs = gatewayServing || node.connectedPeers().length === 0 ? 0 : hedgeMs;
    if (waitMs > 0) await sleep(waitMs, signal);
    const outcome = gatewayOutcome.get(gateway)!;
    outcome.asked += 1;
    try {
      const block = await fetchGatewayBlock(gateway, cid, signal);
      await node.put(cid, block, signal);
      outcome.served += 1;
      gatewayServing = true;
      return block;
    } catch (err) {
      if (!signal.aborted) outcome.lastError = (err as Error).message;
      throw err;
    }
  };

  const getBlock: GetBlock = async (cid, signal, root) => {
    if (gateways.length === 0 || (await node.has(cid, signal))) return node.get(cid, signal, root);
    const race = new AbortController();
    const onAbort = (): void => race.abort(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.any([
        node.get(cid, race.signal, root),
        ...gateways.map((g) => fromGateway(g, cid, race.signal)),
      ]);
    } catch (err) {
      // Every source failed or was aborted: the caller's deadline, most likely; bitswap only ends by an abort.
      signal.throwIfAborted();
      throw err instanceof AggregateError ? err.errors[0] : err;
    } finally {
      signal.removeEventListener('abort', onAbort);
      race.abort(new Error('another source answered first'));
    }
  };

  return {
    getBlock,
    describeSources: () => {
      const peers = node.connectedPeers();
      const parts = [`bitswap (${peers.length} connected peer(s)${peers.length > 0 ? `: ${peers.join(', ')}` : ''})`];
      for (const [g, o] of gatewayOutcome) parts.push(`gateway ${g} (${describeGateway(o)})`);
      return parts.join('; ');
    },
  };
}

function describeGateway(o: { asked: number; served: number; lastError?: string }): string {
  if (o.lastError !== undefined) return `last answer: ${o.lastError}`;
  if (o.asked === 0) return 'not asked: the peers answered first';
  return `asked for ${o.asked} block(s), served ${o.served}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
