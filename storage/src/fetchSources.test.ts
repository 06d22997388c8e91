import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deterministicBytes } from '../test/deterministicBytes';
import { tempDirs } from '../test/tempDir';
import { cidOf } from './cidOf';
import { createEmbeddedStore, type EmbeddedStore } from './embeddedStore';
import { parseGatewayUrl } from './gatewayBlock';
import { startHttpGateway, type HttpGateway } from './httpGateway';
import { StorageError } from './storageError';

// Every source of a read, with real components: embedded nodes on loopback and the hub's HTTP gateway in front of
// one of them. Only the lying gateway is a stand-in (a real node never serves wrong bytes).
const dirs = tempDirs();
let hub: EmbeddedStore;
let hubGateway: HttpGateway;
let checkpoint: Uint8Array;
let cid: string;

beforeAll(async () => {
  hub = await createEmbeddedStore({ dir: await dirs.make('hub'), routing: false });
  hubGateway = await startHttpGateway({ store: hub, port: 0 });
  checkpoint = deterministicBytes(3 * 1024 * 1024 + 11).reverse(); // 13 leaves under one dag-pb root
  cid = await hub.add(checkpoint);
});

afterAll(async () => {
  await hubGateway?.close();
  await hub?.close();
  await dirs.cleanup();
});

async function reader(
  name: string,
  gateways: string[],
  extra: { gatewayHedgeMs?: number } = {},
): Promise<EmbeddedStore> {
  return createEmbeddedStore({ dir: await dirs.make(name), routing: false, gateways, ...extra });
}

async function failure(p: Promise<unknown>): Promise<StorageError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  return err as StorageError;
}

describe('fetch sources: peers, the hub, a trustless gateway', () => {
  it('the hub gateway serves one raw block, checked against its CID, for ?format=raw and for the Accept header', async () => {
    const leaf = deterministicBytes(1000);
    const leafCid = await hub.add(leaf);
    for (const init of [
      { url: `${hubGateway.url}/ipfs/${leafCid}?format=raw` },
      { url: `${hubGateway.url}/ipfs/${cid}`, accept: true },
    ]) {
      const res = await fetch(init.url, init.accept ? { headers: { accept: 'application/vnd.ipld.raw' } } : {});
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.ipld.raw');
      const body = new Uint8Array(await res.arrayBuffer());
      if (!init.accept) expect(Buffer.from(body).equals(Buffer.from(leaf))).toBe(true);
      // The root of a multi-block file is its dag-pb node, not the file: small, and not the file's bytes.
      else expect(body.byteLength).toBeLessThan(2_000);
    }
    expect((await fetch(`${hubGateway.url}/ipfs/${cid}?format=car`)).status).toBe(400);
  });

  it('reads a whole file from a gateway alone when no peer is connected, verified, and keeps its blocks', async () => {
    const r = await reader('gateway-only', [hubGateway.url]);
    try {
      expect(r.connectedPeers()).toEqual([]);
      const bytes = await r.get(cid, { timeoutMs: 20_000 });
      expect(await cidOf(bytes)).toBe(cid);
      expect(Buffer.from(bytes).equals(Buffer.from(checkpoint))).toBe(true);
      expect(await r.has(cid)).toBe(true);
    } finally {
      await r.close();
    }
  });

  it('falls over to the gateway when the connected peer does not have the content (a peer that never answers)', async () => {
    // A connected peer that holds nothing: bitswap waits on it forever, the gateway answers after the hedge.
    const silent = await createEmbeddedStore({ dir: await dirs.make('silent'), routing: false });
    const r = await reader('hedged', [hubGateway.url], { gatewayHedgeMs: 300 });
    try {
      await r.dial(silent.multiaddrs()[0]!);
      expect(r.connectedPeers()).toEqual([silent.peerId]);
      const started = performance.now();
      const bytes = await r.get(cid, { timeoutMs: 20_000 });
      expect(Buffer.from(bytes).equals(Buffer.from(checkpoint))).toBe(true);
      // One hedge for the root, then every child from the gateway at once: far inside the timeout.
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await Promise.all([r.close(), silent.close()]);
    }
  });

  it('takes the content from a peer (two embedded nodes) without asking the gateway when the peer answers', async () => {
    let asked = 0;
    const counting = createServer((_req, res) => {
      asked += 1;
      res.statusCode = 404;
      res.end();
    });
    const url = await listen(counting);
    const r = await reader('peer-first', [url], { gatewayHedgeMs: 5_000 });
    try {
      await r.dial(hub.multiaddrs()[0]!);
      const bytes = await r.get(cid, { timeoutMs: 20_000 });
      expect(Buffer.from(bytes).equals(Buffer.from(checkpoint))).toBe(true);
      expect(asked).toBe(0);
    } finally {
      await r.close();
      counting.close();
    }
  });

  it('never uses bytes a gateway sent that do not hash to the CID, and names the CID and every source tried', async () => {
    // The failure path a real node cannot produce: a gateway answering other bytes for every block.
    const lying = createServer((_req, res) => {
      res.setHeader('content-type', 'application/vnd.ipld.raw');
      res.end(Buffer.from('not the block you asked for'));
    });
    const lyingUrl = await listen(lying);
    // A gateway that is down: its port, closed again.
    const closed = createServer();
    const deadUrl = await listen(closed);
    closed.close();
    const r = await reader('lied-to', [lyingUrl, deadUrl]);
    try {
      const err = await failure(r.get(cid, { timeoutMs: 1_500 }));
      expect(err.code).toBe('TIMEOUT');
      expect(err.cid).toBe(cid);
      expect(err.message).toContain(cid);
      expect(err.message).toContain('bitswap (0 connected peer(s))');
      expect(err.message).toMatch(new RegExp(`gateway ${lyingUrl} \\(last answer: .*hash to another CID: refused\\)`));
      expect(err.message).toMatch(new RegExp(`gateway ${deadUrl} \\(last answer: gateway ${deadUrl} unreachable`));
      expect(await r.has(cid)).toBe(false);
    } finally {
      await r.close();
      lying.close();
    }
  });

  it('refuses a gateway option that is not an http(s) base URL, naming it', () => {
    expect(() => parseGatewayUrl('ftp://example.org')).toThrow(
      /gateway ftp:\/\/example.org: expected an http:\/\/ or https:\/\/ URL/,
    );
    expect(() => parseGatewayUrl('nope')).toThrow(/gateway "nope" is not a URL/);
    expect(parseGatewayUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
  });
});

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}
