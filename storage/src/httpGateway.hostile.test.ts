import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cidOf } from './cidOf';
import { startHttpGateway, type HttpGateway, type HttpGatewayOptions } from './httpGateway';

const gateways: HttpGateway[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(gateways.splice(0).map((g) => g.close()));
});

const bytes = new TextEncoder().encode('a checkpoint');
async function serve(extra: Partial<HttpGatewayOptions> = {}): Promise<HttpGateway> {
  const gateway = await startHttpGateway({ store: { get: async () => bytes }, port: 0, ...extra });
  gateways.push(gateway);
  return gateway;
}

/** A slow-loris client: opens a connection from `localAddress` and sends half a request line, then nothing. */
function loris(port: number, localAddress: string): Promise<{ socket: Socket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect({ port, host: '127.0.0.1', localAddress }, () => {
      socket.write('GET /ipfs/bafk');
      socket.resume(); // read what the server says (its 408), so its close is seen
      resolve({ socket, closed: new Promise((r) => socket.once('close', () => r(performance.now() - started))) });
    });
    socket.on('error', () => undefined);
    socket.once('error', reject);
    sockets.push(socket);
  });
}

describe('startHttpGateway on hostile requests', () => {
  it('answers 400, not 500, to a malformed %-encoding', async () => {
    const gateway = await serve();
    for (const path of ['/ipfs/%E0%A4%A', '/ipfs/%zz', '/ipfs/%']) {
      const res = await fetch(`${gateway.url}${path}`);
      expect([path, res.status]).toEqual([path, 400]);
      expect(await res.text()).toContain('%-encoding is malformed');
    }
  });

  it('answers 400, not 503, to a CID with a hash no store can verify', async () => {
    const gateway = await serve();
    const { CID } = await import('multiformats/cid');
    const { identity } = await import('multiformats/hashes/identity');
    const res = await fetch(`${gateway.url}/ipfs/${CID.createV1(0x55, identity.digest(bytes))}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('expected sha2-256');
  });

  it('answers 400 at once to a megabyte-long "CID" (bounded before decoding)', async () => {
    const gateway = await serve();
    const started = performance.now();
    const res = await fetch(`${gateway.url}/ipfs/z${'2'.repeat(60_000)}`);
    expect([400, 414, 431]).toContain(res.status);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('closes slow-loris connections after the header timeout, caps them per address, and keeps serving others', async () => {
    const gateway = await serve({ headersTimeoutMs: 500, maxConnectionsPerAddress: 20 });
    const held = await Promise.all(Array.from({ length: 60 }, () => loris(gateway.port, '127.0.0.2')));
    // Another client still gets its answer quickly while the attacker holds what it was allowed.
    const started = performance.now();
    const res = await fetch(`${gateway.url}/ipfs/${await cidOf(bytes)}`);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(500);
    const closedAfterMs = await Promise.all(held.map((h) => h.closed));
    // 40 of the 60 were over the per-address cap and closed at once; the 20 kept were closed by the header timeout.
    expect(closedAfterMs.filter((ms) => ms < 400).length).toBeGreaterThanOrEqual(40);
    expect(Math.max(...closedAfterMs)).toBeLessThan(3_000);
  });
});
