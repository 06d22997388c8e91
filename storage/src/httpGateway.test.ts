import { afterEach, describe, expect, it } from 'vitest';
import { cidOf } from './cidOf';
import { startHttpGateway, type HttpGateway } from './httpGateway';
import { StorageError } from './storageError';
import type { ContentStore, GetOptions } from './types';

// The gateway's own logic (routing, status codes, CORS, limits, aborts) against a scripted store; the CLI test
// serves real content from an embedded node through it.
const gateways: HttpGateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close()));
});

type Get = (cid: string, options: GetOptions) => Promise<Uint8Array>;
async function serve(get: Get, extra: { allowOrigins?: string[]; maxBytes?: number; timeoutMs?: number } = {}) {
  const calls: { cid: string; options: GetOptions }[] = [];
  const store: Pick<ContentStore, 'get'> = {
    get: (cid, options = {}) => {
      calls.push({ cid, options });
      return get(cid, options);
    },
  };
  const gateway = await startHttpGateway({ store, port: 0, ...extra });
  gateways.push(gateway);
  return { gateway, calls };
}

const bytes = new TextEncoder().encode('a checkpoint');
const cidPromise = cidOf(bytes);

describe('startHttpGateway', () => {
  it('answers GET /ipfs/<cid> with the verified bytes, immutable caching and CORS for any origin', async () => {
    const cid = await cidPromise;
    const { gateway, calls } = await serve(async () => bytes);
    expect(gateway.url).toBe(`http://127.0.0.1:${gateway.port}`);
    const res = await fetch(`${gateway.url}/ipfs/${cid}`, { headers: { origin: 'http://127.0.0.1:5173' } });
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('etag')).toBe(`"${cid}"`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(calls[0]).toMatchObject({ cid, options: { maxBytes: 64 * 1024 * 1024, timeoutMs: 30_000 } });
  });

  it('answers 406 to a raw-block request when its store serves whole files only, without asking the store', async () => {
    const { gateway, calls } = await serve(async () => bytes);
    const res = await fetch(`${gateway.url}/ipfs/${await cidPromise}?format=raw`);
    expect(res.status).toBe(406);
    expect(await res.text()).toContain('whole files only');
    expect(calls).toHaveLength(0);
  });

  it('answers HEAD with the length and no body', async () => {
    const { gateway } = await serve(async () => bytes);
    const res = await fetch(`${gateway.url}/ipfs/${await cidPromise}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers 400 naming the bad CID without asking the store', async () => {
    const { gateway, calls } = await serve(async () => bytes);
    const res = await fetch(`${gateway.url}/ipfs/not-a-cid`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('"not-a-cid" is not a CID');
    expect(calls).toHaveLength(0);
  });

  it('maps the store errors: 404 not found, 504 timeout, 413 too large, 502 mismatch, 503 unavailable, 400 directory', async () => {
    const cid = await cidPromise;
    const cases: [StorageError['code'], number][] = [
      ['NOT_FOUND', 404],
      ['TIMEOUT', 504],
      ['TOO_LARGE', 413],
      ['CID_MISMATCH', 502],
      ['UNAVAILABLE', 503],
      ['INVALID_CID', 400],
    ];
    for (const [code, status] of cases) {
      const { gateway } = await serve(async () => {
        throw new StorageError(code, `store says ${code} for ${cid}`, { cid });
      });
      const res = await fetch(`${gateway.url}/ipfs/${cid}`);
      expect([code, res.status]).toEqual([code, status]);
      expect(await res.text()).toBe(`${code}: store says ${code} for ${cid}\n`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('passes its size limit and timeout to the store', async () => {
    const { gateway, calls } = await serve(async () => bytes, { maxBytes: 1000, timeoutMs: 1234 });
    await (await fetch(`${gateway.url}/ipfs/${await cidPromise}`)).arrayBuffer();
    expect(calls[0]!.options).toMatchObject({ maxBytes: 1000, timeoutMs: 1234 });
  });

  it('refuses writes (405) and other paths (404)', async () => {
    const { gateway } = await serve(async () => bytes);
    const post = await fetch(`${gateway.url}/ipfs/${await cidPromise}`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const other = await fetch(`${gateway.url}/api/v0/cat?arg=${await cidPromise}`);
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('expected /ipfs/<cid>');
  });

  it('with an origin list, allows only those origins and answers the preflight', async () => {
    const { gateway } = await serve(async () => bytes, { allowOrigins: ['http://127.0.0.1:5173'] });
    const url = `${gateway.url}/ipfs/${await cidPromise}`;
    const allowed = await fetch(url, { headers: { origin: 'http://127.0.0.1:5173' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(allowed.headers.get('vary')).toBe('Origin');
    const other = await fetch(url, { headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
  });

  it('aborts the store read when the client goes away', async () => {
    let aborted: (reason: unknown) => void = () => {};
    const abortSeen = new Promise((resolve) => (aborted = resolve));
    const { gateway } = await serve(
      (_cid, options) =>
        new Promise((_resolve, reject) => {
          options.signal!.addEventListener('abort', () => {
            aborted(options.signal!.reason);
            reject(options.signal!.reason);
          });
        }),
    );
    const client = new AbortController();
    const request = fetch(`${gateway.url}/ipfs/${await cidPromise}`, { signal: client.signal }).catch(
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 50));
    client.abort();
    await request;
    expect(String(await abortSeen)).toContain('client closed the connection');
  });

  it('fails to start with UNAVAILABLE naming the address when the port is taken', async () => {
    const { gateway } = await serve(async () => bytes);
    await expect(startHttpGateway({ store: { get: async () => bytes }, port: gateway.port })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining(`127.0.0.1:${gateway.port}`),
    });
  });
});
