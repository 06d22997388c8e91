import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createKuboStore } from './kuboStore';
import { StorageError } from './storageError';

const PASSWORD = 'hunter2-very-secret';

describe('createKuboStore and credentials in --ipfs-api', () => {
  it('never names the password of an unreachable API URL, in the message or the endpoint', async () => {
    const store = createKuboStore({ url: `http://alice:${PASSWORD}@127.0.0.1:9`, defaultTimeoutMs: 2_000 });
    const err = await store.get('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StorageError);
    const e = err as StorageError;
    expect(e.message).toContain('http://***:***@127.0.0.1:9');
    expect(`${e.message} ${e.endpoint} ${JSON.stringify(e.details)}`).not.toContain(PASSWORD);
  });

  it('never names the password of an API URL that does not parse', () => {
    let err: unknown;
    try {
      createKuboStore({ url: `http://alice:${PASSWORD}@[bad` });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).message).toContain('"http://***@[bad" is not a URL');
    expect(`${(err as StorageError).message} ${(err as StorageError).endpoint}`).not.toContain(PASSWORD);
  });

  it('sends user:password as a Basic Authorization header to an authenticating proxy, not in the URL', async () => {
    const seen: { authorization?: string; url?: string }[] = [];
    const proxy = createServer((req, res) => {
      seen.push({ authorization: req.headers.authorization, url: req.url });
      res.statusCode = 401;
      res.end('{"Message":"unauthorized","Code":0,"Type":"error"}');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (proxy.address() as AddressInfo).port;
      const store = createKuboStore({
        url: `http://alice:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`,
        defaultTimeoutMs: 2_000,
      });
      const err = await store.get('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);
      expect(seen[0]!.url).toMatch(/^\/api\/v0\/cat/);
      expect((err as StorageError).message).not.toContain(PASSWORD);
    } finally {
      proxy.close();
    }
  });
});
