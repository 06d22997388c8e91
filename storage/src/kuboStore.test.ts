import { createServer } from 'node:net';
import { create, type KuboRPCClient } from 'kubo-rpc-client';
import { CID } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CID_VECTORS } from '../test/cidVectors';
import { deterministicBytes } from '../test/deterministicBytes';
import { startJsIpfsDaemon, type JsIpfsDaemon } from '../test/jsipfsDaemon';
import { tempDirs } from '../test/tempDir';
import { cidOf } from './cidOf';
import { KUBO_ADD_OPTIONS } from './cidParameters';
import { createEmbeddedStore } from './embeddedStore';
import { createKuboStore, type KuboRpcLike } from './kuboStore';
import type { ContentStore } from './types';
import { withRetry } from './withRetry';

describe('createKuboStore against a real js-ipfs RPC daemon', () => {
  let daemon: JsIpfsDaemon;
  let client: KuboRPCClient;
  let store: ContentStore;
  // An add that starts before the daemon is up, retried with backoff until it answers (the "IPFS daemon
  // restarting" fault), run while the daemon boots so it costs no extra daemon start.
  let addedWhileStarting: { cid: string; attempts: number };

  beforeAll(async () => {
    const apiPort = await closedPort();
    store = createKuboStore({ url: `http://127.0.0.1:${apiPort}`, hasTimeoutMs: 1_000 });
    let attempts = 0;
    const early = withRetry(
      () => {
        attempts++;
        return store.add(new TextEncoder().encode('hello world'));
      },
      { retries: 100, baseDelayMs: 100, maxDelayMs: 500 },
    );
    daemon = await startJsIpfsDaemon({ apiPort });
    addedWhileStarting = { cid: await early, attempts };
    client = create({ url: daemon.apiUrl });
  });

  afterAll(async () => {
    await store?.close();
    await daemon?.stop();
  });

  it('recovers by retrying an add that began while the daemon was still down', () => {
    expect(addedWhileStarting.cid).toBe('bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e');
    expect(addedWhileStarting.attempts).toBeGreaterThan(1);
  });

  it("the daemon's own add with the canonical options prints every committed vector CID", async () => {
    for (const vector of CID_VECTORS) {
      const { cid } = await client.add(vector.bytes(), { ...KUBO_ADD_OPTIONS, pin: false });
      expect(`${vector.name}: ${cid.toV1().toString()}`).toBe(`${vector.name}: ${vector.cid}`);
    }
  });

  it('adds, reads back and pins under the same CID as cidOf and the embedded node', async () => {
    const checkpoint = deterministicBytes(1_500_000);
    const cid = await store.add(checkpoint);
    expect(cid).toBe(await cidOf(checkpoint));

    const dirs = tempDirs();
    const embedded = await createEmbeddedStore({ dir: await dirs.make('vs-kubo') });
    try {
      expect(await embedded.add(checkpoint)).toBe(cid);
    } finally {
      await embedded.close();
      await dirs.cleanup();
    }

    expect(Buffer.from(await store.get(cid)).equals(Buffer.from(checkpoint))).toBe(true);
    await store.pin(cid);
    const pins = [];
    for await (const pin of client.pin.ls({ paths: [CID.parse(cid)] })) pins.push(pin.cid.toV1().toString());
    expect(pins).toEqual([cid]);
    expect(await store.has(cid)).toBe(true);
  });

  it('times out on content the daemon does not have, within the timeout', async () => {
    const absent = await cidOf(new TextEncoder().encode('never added to the daemon'));
    const started = performance.now();
    await expect(store.get(absent, { timeoutMs: 700 })).rejects.toMatchObject({
      name: 'StorageError',
      code: 'TIMEOUT',
      cid: absent,
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await store.has(absent)).toBe(false);
  });

  it('refuses content larger than maxBytes and accepts exactly maxBytes', async () => {
    const bytes = deterministicBytes(400_000);
    const cid = await store.add(bytes);
    await expect(store.get(cid, { maxBytes: 399_999 })).rejects.toMatchObject({ code: 'TOO_LARGE', cid });
    expect((await store.get(cid, { maxBytes: 400_000 })).byteLength).toBe(400_000);
  });

  it('rejects a string that is not a CID before calling the daemon', async () => {
    await expect(store.get('bafy-not-a-cid')).rejects.toMatchObject({ code: 'INVALID_CID' });
  });
});

describe('createKuboStore when the daemon is unreachable', () => {
  it('fails with UNAVAILABLE naming the URL, which withRetry retries', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const store = createKuboStore({ url });
    let attempts = 0;
    const failing = withRetry(
      () => {
        attempts++;
        return store.get('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku', { timeoutMs: 2_000 });
      },
      { retries: 2, baseDelayMs: 1 },
    );
    await expect(failing).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      endpoint: url,
      message: expect.stringContaining(url),
    });
    expect(attempts).toBe(3);
  });

  it('rejects a URL that is not http(s)', () => {
    expect(() => createKuboStore({ url: 'localhost:5001' })).toThrow(expect.objectContaining({ code: 'UNAVAILABLE' }));
  });
});

describe('createKuboStore with a lying daemon', () => {
  // A real daemon verifies its own blocks, so these failure paths need a fake client.
  const liar = (overrides: Partial<KuboRpcLike>): KuboRpcLike =>
    ({
      add: async () => ({
        cid: CID.parse('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku'),
        size: 0,
        path: '',
      }),
      cat: async function* () {},
      pin: { add: async (cid: CID) => cid },
      refs: async function* () {},
      ...overrides,
    }) as unknown as KuboRpcLike;

  it('never returns bytes that do not hash to the CID asked for (CID_MISMATCH)', async () => {
    const wanted = new TextEncoder().encode('the honest checkpoint');
    const cid = await cidOf(wanted);
    const store = createKuboStore({
      url: 'http://127.0.0.1:1',
      client: liar({
        cat: async function* () {
          yield new TextEncoder().encode('the forged checkpoint');
        },
      }),
    });
    await expect(store.get(cid)).rejects.toMatchObject({
      code: 'CID_MISMATCH',
      cid,
      message: expect.stringContaining(cid),
    });
  });

  it('catches a truncated multi-chunk answer (CID_MISMATCH)', async () => {
    const wanted = deterministicBytes(600_000);
    const cid = await cidOf(wanted);
    const store = createKuboStore({
      url: 'http://127.0.0.1:1',
      client: liar({
        cat: async function* () {
          yield wanted.subarray(0, 599_999);
        },
      }),
    });
    await expect(store.get(cid)).rejects.toMatchObject({ code: 'CID_MISMATCH' });
  });

  it('refuses a daemon that imports with other parameters (CID_MISMATCH on add)', async () => {
    const store = createKuboStore({ url: 'http://127.0.0.1:1', client: liar({}) });
    await expect(store.add(new TextEncoder().encode('not empty'))).rejects.toMatchObject({
      code: 'CID_MISMATCH',
      message: expect.stringContaining('--chunker=size-262144'),
    });
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
