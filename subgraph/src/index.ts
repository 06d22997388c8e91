// The subgraph workspace's TypeScript side: the manifest generator and (for tests) the WASM host harness.
export { renderManifest, type RenderManifestParameters } from './manifest/renderManifest';
export { writeSubgraphFiles, type WriteSubgraphFilesParameters } from './manifest/writeSubgraphFiles';
export { eventSignature } from './manifest/eventSignature';
export { SubgraphError, type SubgraphErrorCode } from './manifest/subgraphError';
