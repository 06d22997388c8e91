import { NodeError } from '../errors';
import type { ContentStore } from './contentStore';
import { rawCid } from './rawCid';

/** An in-memory ContentStore for tests: content-addressed with `rawCid`, copies in and out. */
export class MemoryContentStore implements ContentStore {
  readonly blobs = new Map<string, Uint8Array>();
  readonly pinned = new Set<string>();

  async add(bytes: Uint8Array): Promise<string> {
    const cid = rawCid(bytes);
    this.blobs.set(cid, bytes.slice());
    return cid;
  }

  async get(cid: string): Promise<Uint8Array> {
    const bytes = this.blobs.get(cid);
    if (!bytes) throw new NodeError('STORAGE', `content ${cid} not found in the in-memory store`, { details: { cid } });
    return bytes.slice();
  }

  async pin(cid: string): Promise<void> {
    if (!this.blobs.has(cid)) throw new NodeError('STORAGE', `cannot pin ${cid}: not in the in-memory store`, { details: { cid } });
    this.pinned.add(cid);
  }
}
