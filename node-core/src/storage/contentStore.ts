/**
 * What a node needs from content storage: the part of `@veritrain/storage`'s ContentStore that the
 * runtime and `createRun` use, so tests can pass a `MemoryContentStore`. The real stores (an embedded
 * Helia node, the Kubo RPC client) come from `openNodeContentStore`.
 */
export type ContentStore = {
  /** Stores the bytes and returns their CID (CIDv1, Kubo-compatible). */
  add(bytes: Uint8Array): Promise<string>;
  /** The bytes of `cid`, verified against it; throws when they cannot be found or `signal` aborts
   *  (a node shutting down must not wait for a slow fetch), or when the content is larger than `maxBytes`
   *  (refused before it is fetched: every read of a CID someone else chose gives one, see contentLimits.ts),
   *  or after `timeoutMs` (default: the store's, `--ipfs-timeout-ms`). */
  get(cid: string, options?: { signal?: AbortSignal; maxBytes?: number; timeoutMs?: number }): Promise<Uint8Array>;
  /** Keeps `cid` from being garbage-collected. */
  pin(cid: string): Promise<void>;
};
