/**
 * What a node needs from content storage. `@veritrain/storage` provides the real ones (an embedded Helia
 * node, a Kubo RPC client) with Kubo-compatible CIDs; the stores in this folder stand in for tests and for
 * `run create` until it lands.
 */
export type ContentStore = {
  /** Stores the bytes and returns their CID. */
  add(bytes: Uint8Array): Promise<string>;
  /** The bytes of `cid`, verified against it; throws when they cannot be found. */
  get(cid: string): Promise<Uint8Array>;
  /** Keeps `cid` from being garbage-collected. */
  pin(cid: string): Promise<void>;
};
