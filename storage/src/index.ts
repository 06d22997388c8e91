export type { AddOptions, ContentStore, GetOptions, HasOptions, PinOptions, StorageErrorCode } from './types';
export { StorageError, isStorageError, type StorageErrorOptions } from './storageError';
export {
  CANONICAL_ADD_COMMAND,
  CHUNK_SIZE_BYTES,
  KUBO_ADD_OPTIONS,
  MAX_CHILDREN_PER_NODE,
  canonicalImporterOptions,
} from './cidParameters';
export { cidOf } from './cidOf';
export { canonicalCidString, MAX_CID_LENGTH, parseCid } from './parseCid';
export { verifyContent } from './verifyContent';
export { backoffDelayMs, withRetry, type WithRetryOptions } from './withRetry';
export { createEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from './embeddedStore';
export { createKuboStore, mapKuboError, type KuboRpcLike, type KuboStoreOptions } from './kuboStore';
export { openContentStore, type OpenContentStoreOptions } from './openContentStore';
export {
  startHttpGateway,
  DEFAULT_GATEWAY_MAX_BYTES,
  DEFAULT_GATEWAY_TIMEOUT_MS,
  type HttpGateway,
  type HttpGatewayOptions,
} from './httpGateway';
export { fetchGatewayBlock, MAX_GATEWAY_BLOCK_BYTES, parseGatewayUrl } from './gatewayBlock';
export { DEFAULT_GATEWAY_HEDGE_MS } from './blockSources';
