import { afterAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../test/tempDir';
import { openContentStore } from './openContentStore';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());

describe('openContentStore', () => {
  it('talks to the Kubo RPC API when --ipfs-api is given', async () => {
    const store = await openContentStore({ ipfsApi: 'http://127.0.0.1:1', dir: await dirs.make('unused') });
    await expect(store.has('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('Kubo RPC API http://127.0.0.1:1'),
    });
    await store.close();
  });

  it('starts the embedded node otherwise', async () => {
    const store = await openContentStore({ dir: await dirs.make('embedded') });
    try {
      expect('peerId' in store).toBe(true);
      expect(await store.add(new Uint8Array(0))).toBe('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
    } finally {
      await store.close();
    }
  });
});
