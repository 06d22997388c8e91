// The subgraph workspace's TypeScript side: the manifest generator and (for tests) the WASM host harness.
export { renderManifest, type RenderManifestParameters } from './manifest/renderManifest';
export { writeSubgraphFiles, type WriteSubgraphFilesParameters } from './manifest/writeSubgraphFiles';
export { eventSignature } from './manifest/eventSignature';
export { SubgraphError, type SubgraphErrorCode } from './manifest/subgraphError';
export { EntityStore } from './harness/entityStore';
export { loadSchemaModel, type SchemaModel, type EntityModel, type FieldModel } from './harness/schemaModel';
export {
  createChainIndexer,
  type ChainIndexer,
  type CreateChainIndexerParameters,
  type IndexedBlock,
} from './harness/indexChain';
export { loadMappingModule, type MappingModule } from './harness/mappingModule';
export { plainEntity, plainValue, type Entity, type StoreValue, type PlainValue } from './harness/storeValue';
export {
  createGraphqlHandler,
  type CreateGraphqlHandlerParameters,
  type GraphqlRequest,
  type MetaBlock,
} from './graphql/createGraphqlHandler';
export { serveGraphql, type GraphqlServer } from './graphql/serveGraphql';
export { apiSchemaSdl, collectionName } from './graphql/apiSchema';
