/** Node-only entry (`@veritrain/engine/node`): dataset loading from disk and the node:crypto stateRoot. */
export { loadRunData, DATASET_LOADERS } from './train/loadRunData';
export { stateRootNode, checkpointStateRootNode } from './checkpoint/stateRoot.node.js';
export { loadBackend, type LoadBackendOptions, type LoadedBackend } from './backend/select.node.js';
