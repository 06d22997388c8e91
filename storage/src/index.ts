export type { AddOptions, ContentStore, GetOptions, HasOptions, PinOptions, StorageErrorCode } from './types';
export { StorageError, isStorageError, type StorageErrorOptions } from './storage-error';
export { CANONICAL_ADD_COMMAND, CHUNK_SIZE_BYTES, KUBO_ADD_OPTIONS, MAX_CHILDREN_PER_NODE, canonicalImporterOptions } from './cid-parameters';
export { cidOf } from './cid-of';
export { canonicalCidString, parseCid } from './parse-cid';
export { verifyContent } from './verify-content';
export { backoffDelayMs, withRetry, type WithRetryOptions } from './with-retry';
export { createEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from './embedded-store';
export { createKuboStore, mapKuboError, type KuboRpcLike, type KuboStoreOptions } from './kubo-store';
