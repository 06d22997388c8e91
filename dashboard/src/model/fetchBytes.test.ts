import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchBytes } from './fetchBytes';
import { ModelError } from './modelError';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

const MiB = 1024 * 1024;

/** A hostile gateway: answers `status` with a chunked body (no content-length) of `totalBytes`, counting what it sent. */
async function chunkedServer(status: number, totalBytes: number): Promise<{ url: string; sent: () => number }> {
  let sent = 0;
  const server = createServer((_req, res) => {
    res.statusCode = status;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = (): void => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ipfs/bafy`, sent: () => sent };
}

const source = { url: 'http://127.0.0.1', name: 'the IPFS gateway', short: 'the gateway', slowBecause: 'test' };

describe('fetchBytes against a hostile gateway', () => {
  it('stops reading a 600 MiB chunked answer as soon as it passes the 1 MB limit', async () => {
    const server = await chunkedServer(200, 600 * MiB);
    const heapBefore = process.memoryUsage().arrayBuffers;
    const err = await fetchBytes({
      url: server.url,
      what: 'manifest x',
      source,
      maxBytes: 1_000_000,
      timeoutMs: 30_000,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('BAD_CONTENT');
    expect((err as ModelError).message).toBe('the manifest x is more than 1000000 bytes, expected at most 1000000');
    // The server was cut off long before the 600 MiB, and the page held no more than the limit and a chunk.
    expect(server.sent()).toBeLessThan(64 * MiB);
    expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(32 * MiB);
  });

  it('reads only the start of a huge error body for its message', async () => {
    const server = await chunkedServer(500, 600 * MiB);
    const err = await fetchBytes({
      url: server.url,
      what: 'manifest x',
      source,
      maxBytes: 1_000_000,
      timeoutMs: 30_000,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as ModelError).code).toBe('GATEWAY_ERROR');
    expect((err as ModelError).message.length).toBeLessThan(500);
    expect(server.sent()).toBeLessThan(64 * MiB);
  });

  it('accepts an answer of exactly the limit', async () => {
    const server = await chunkedServer(200, 64 * 1024 * 3);
    expect(
      (await fetchBytes({ url: server.url, what: 'x', source, maxBytes: 64 * 1024 * 3, timeoutMs: 30_000 })).length,
    ).toBe(64 * 1024 * 3);
  });
});
