// Run as its own process (under a heap cap) by hostileReads.test.ts: an embedded node and its HTTP gateway
// given the reads an attacker would ask for. Prints one JSON line of outcomes; any unhandled rejection ends
// the process with exit 1 (Node's default), which is what the test looks for first.
import '../src/withResolvers';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlockstore } from 'blockstore-fs';
import { createEmbeddedStore } from '../src/embeddedStore';
import { startHttpGateway } from '../src/httpGateway';
import { isStorageError } from '../src/storageError';
import { deterministicBytes } from './deterministicBytes';
import { diamondDag, fileNode, lyingRootDag, rawBlock } from './hostileDags';

const codeOf = (err: unknown): string =>
  isStorageError(err) ? err.code : `untyped ${(err as Error)?.name}: ${(err as Error)?.message}`;
const settle = async (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', codeOf);

const dir = await mkdtemp(join(tmpdir(), 'veritrain-hostile-'));
const holderDir = await mkdtemp(join(tmpdir(), 'veritrain-hostile-holder-'));
const out: Record<string, unknown> = {};
try {
  // The attacker's blocks, written straight into the node's blockstore as if bitswap had fetched them.
  const diamond = await diamondDag(2);
  const lying = await lyingRootDag();
  // A root held locally whose 174 children exist nowhere: reading or pinning it waits on the network.
  const missing = await Promise.all(Array.from({ length: 174 }, (_, i) => rawBlock(deterministicBytes(1000 + i))));
  const dangling = await fileNode(
    missing.map((b) => b.cid),
    missing.map((b) => BigInt(b.bytes.length)),
  );
  const blockstore = new FsBlockstore(join(dir, 'blocks'));
  await blockstore.open();
  for (const b of [...diamond.blocks, ...lying.blocks, dangling]) await blockstore.put(b.cid, b.bytes);
  await blockstore.close();

  const store = await createEmbeddedStore({ dir, routing: false });
  // A connected peer, so a missing block is asked for over bitswap rather than failing at once.
  const holder = await createEmbeddedStore({ dir: holderDir, routing: false });
  await store.dial(holder.multiaddrs()[0]!);
  const gateway = await startHttpGateway({ store, port: 0, timeoutMs: 300 });

  const big = deterministicBytes(64 * 1024 * 1024);
  const bigCid = await store.add(big);
  const small = await store.add(new TextEncoder().encode('still here'));

  let started = performance.now();
  out.concurrentBigReads = await Promise.all(
    Array.from({ length: 20 }, () => settle(store.get(bigCid, { timeoutMs: 300 }))),
  );
  out.concurrentBigReadsMs = performance.now() - started;
  started = performance.now();
  out.diamondGet = await settle(store.get(diamond.root.toString(), { maxBytes: 64 * 1024 * 1024 }));
  out.diamondPin = await settle(store.pin(diamond.root.toString()));
  out.diamondHas = await store.has(diamond.root.toString());
  out.lyingGet = await settle(store.get(lying.root.toString()));
  out.diamondMs = performance.now() - started;
  out.danglingGet = await settle(store.get(dangling.cid.toString(), { timeoutMs: 300 }));
  out.danglingPin = await settle(store.pin(dangling.cid.toString(), { timeoutMs: 300 }));
  const abort = new AbortController();
  const aborted = settle(store.get(dangling.cid.toString(), { signal: abort.signal, timeoutMs: 60_000 }));
  setTimeout(() => abort.abort(new Error('caller gave up')), 100);
  out.danglingCallerAbort = await aborted;
  const statuses = await Promise.all(
    [diamond.root.toString(), bigCid, dangling.cid.toString()].map(
      async (cid) => (await fetch(`${gateway.url}/ipfs/${cid}`)).status,
    ),
  );
  out.gatewayStatuses = statuses;
  // Give any stray rejection of an abandoned fetch the time to surface (and kill us) before the last answer.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const last = await fetch(`${gateway.url}/ipfs/${small}`);
  out.lastAnswer = [last.status, await last.text()];
  out.maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  await gateway.close();
  await Promise.all([store.close(), holder.close()]);
} finally {
  await Promise.all([rm(dir, { recursive: true, force: true }), rm(holderDir, { recursive: true, force: true })]);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
