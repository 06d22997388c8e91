import { NodeError } from '../errors';
import type { ContentStore } from './contentStore';

/** An in-memory ContentStore for tests, with the same CIDs as the IPFS stores (`cidOf`). */
export class MemoryContentStore implements ContentStore {
  readonly blobs = new Map<string, Uint8Array>();
  readonly pinned = new Set<string>();

  async add(bytes: Uint8Array): Promise<string> {
    // Loaded on first use: @veritrain/storage pulls in Helia, which nodes that only import the runtime
    // should not pay for at start.
    const { cidOf } = await import('@veritrain/storage');
    const cid = await cidOf(bytes);
    this.blobs.set(cid, bytes.slice());
    return cid;
  }

  async get(cid: string, options: { maxBytes?: number } = {}): Promise<Uint8Array> {
    const bytes = this.blobs.get(cid);
    if (!bytes) throw new NodeError('STORAGE', `content ${cid} not found in the in-memory store`, { details: { cid } });
    if (options.maxBytes !== undefined && bytes.length > options.maxBytes) {
      throw new NodeError(
        'STORAGE',
        `content ${cid} has ${bytes.length} bytes, expected at most maxBytes ${options.maxBytes}`,
        { details: { cid } },
      );
    }
    return bytes.slice();
  }

  async pin(cid: string): Promise<void> {
    if (!this.blobs.has(cid))
      throw new NodeError('STORAGE', `cannot pin ${cid}: not in the in-memory store`, { details: { cid } });
    this.pinned.add(cid);
  }
}
