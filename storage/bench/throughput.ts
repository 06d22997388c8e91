/**
 * Storage throughput on this machine: cidOf, the embedded node (add, local get, two-node exchange over
 * loopback libp2p) and the Kubo RPC store against a js-ipfs daemon. Each figure is also printed as a
 * ratio to SHA-256 of the same bytes (node:crypto) measured in the same run, the floor of any CID work.
 *   npm run bench -w storage [-- <MiB>] [--peers-only]
 */
import { createHash } from 'node:crypto';
import { deterministicBytes } from '../test/deterministicBytes';
import { startJsIpfsDaemon } from '../test/jsipfsDaemon';
import { tempDirs } from '../test/tempDir';
import { cidOf, createEmbeddedStore, createKuboStore } from '../src/index';

const sizeMiB = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 16);
const bytes = deterministicBytes(sizeMiB * 1024 * 1024);
const mb = bytes.byteLength / 1e6;

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const rows: Array<[string, number]> = [];
const baselineMs = await time(() => createHash('sha256').update(bytes).digest());
rows.push(['sha256 (baseline)', baselineMs]);
rows.push(['cidOf', await time(() => cidOf(bytes))]);

const dirs = tempDirs();
const a = await createEmbeddedStore({ dir: await dirs.make('bench-a') });
const b = await createEmbeddedStore({ dir: await dirs.make('bench-b') });
let cid = '';
rows.push(['embedded add (fs blockstore)', await time(async () => (cid = await a.add(bytes)))]);
rows.push(['embedded get, local (verified)', await time(() => a.get(cid))]);
await b.dial(a.multiaddrs()[0]!);
rows.push(['embedded get, from a peer over loopback libp2p (verified)', await time(() => b.get(cid))]);
await Promise.all([a.close(), b.close()]);

// `--peers-only`: skip the js-ipfs daemon (its start takes most of the run).
if (!process.argv.includes('--peers-only')) {
  const daemon = await startJsIpfsDaemon();
  const kubo = createKuboStore({ url: daemon.apiUrl });
  rows.push([
    'kubo-rpc add to js-ipfs (incl. local cidOf check)',
    await time(async () => (cid = await kubo.add(bytes))),
  ]);
  rows.push(['kubo-rpc get from js-ipfs (verified)', await time(() => kubo.get(cid))]);
  await daemon.stop();
}
await dirs.cleanup();

console.log(`${sizeMiB} MiB of deterministic bytes, CID ${cid}`);
for (const [name, ms] of rows) {
  console.log(
    `${name.padEnd(60)} ${ms.toFixed(0).padStart(6)} ms ${(mb / (ms / 1000)).toFixed(0).padStart(6)} MB/s  ×${(ms / baselineMs).toFixed(1)} sha256`,
  );
}
// The figure the peer exchange is judged by (goal ≥ 100 MB/s): its time against a local read of the same file.
const localMs = rows.find(([name]) => name.startsWith('embedded get, local'))![1];
const peerMs = rows.find(([name]) => name.startsWith('embedded get, from a peer'))![1];
console.log(
  `peer get / local get: ×${(peerMs / localMs).toFixed(1)} (${(mb / (peerMs / 1000)).toFixed(1)} MB/s from the peer)`,
);
