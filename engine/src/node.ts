/** Node-only entry (`@veritrain/engine/node`): dataset loading from disk and the node:crypto stateRoot. */
export { loadRunData, DATASET_LOADERS } from './train/loadRunData';
export { stateRootNode, checkpointStateRootNode } from './checkpoint/stateRoot.node.js';
export { loadBackend, type LoadBackendOptions, type LoadedBackend } from './backend/select.node.js';
// The native keccak256 of the positional trees (traces: traceStep's options.hashBlocks), when the addon is built.
export { nativeHashBlocks64 } from './backend/native/loadNative.node.js';
