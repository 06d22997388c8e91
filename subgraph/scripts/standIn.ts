// The GraphQL stand-in for graph-node on a devnet: runs the built mappings (build/*.wasm) on a live chain's logs
// and serves the entities with graph-node's query conventions, so the dashboard can be pointed at it with
// VITE_SUBGRAPH_URL where no graph-node runs. NOT graph-node: no history (`block` must be the head), no reorgs,
// no full-text search, a subset of filters (docs/subgraph.md).
// Flags (each with an env twin): --rpc-url (VERITRAIN_RPC_URL, default http://127.0.0.1:8545),
// --deployment <file> (VERITRAIN_DEPLOYMENT, default deployments/31337.json), --port (VERITRAIN_SUBGRAPH_PORT,
// default 8000), --poll-interval-ms (VERITRAIN_POLL_INTERVAL_MS, default 1000).
// Exit codes: 0 stopped by a signal, 2 bad flag, missing build or deployment, 3 port in use.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPublicClient, http } from 'viem';
import { createChainIndexer, type ChainIndexer } from '../src/harness/indexChain';
import { EntityStore } from '../src/harness/entityStore';
import { loadSchemaModel } from '../src/harness/schemaModel';
import { createGraphqlHandler } from '../src/graphql/createGraphqlHandler';
import { serveGraphql } from '../src/graphql/serveGraphql';
import { resolveDeployment, subgraphRoot } from '../src/manifest/resolveDeployment';

function fail(code: number, message: string): never {
  process.stderr.write(`stand-in: ${message}\n`);
  process.exit(code);
}

let values: Record<string, string | undefined>;
try {
  values = parseArgs({
    options: {
      'rpc-url': { type: 'string' },
      deployment: { type: 'string' },
      port: { type: 'string' },
      'poll-interval-ms': { type: 'string' },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(2, error instanceof Error ? error.message : String(error));
}
const rpcUrl = values['rpc-url'] ?? process.env.VERITRAIN_RPC_URL ?? 'http://127.0.0.1:8545';
const port = Number(values.port ?? process.env.VERITRAIN_SUBGRAPH_PORT ?? 8000);
const pollIntervalMs = Number(values['poll-interval-ms'] ?? process.env.VERITRAIN_POLL_INTERVAL_MS ?? 1000);
if (!/^https?:\/\//.test(rpcUrl)) fail(2, `--rpc-url must be an http(s) URL, got ${JSON.stringify(rpcUrl)}`);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(2, `--port must be a TCP port, got ${JSON.stringify(values.port ?? process.env.VERITRAIN_SUBGRAPH_PORT)}`);
if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 100)
  fail(2, '--poll-interval-ms must be a number of milliseconds >= 100');
if (!existsSync(path.join(subgraphRoot, 'build', 'Coordinator', 'Coordinator.wasm')))
  fail(2, 'no build/ yet: run `npm run build -w subgraph` first');
let deployment: ReturnType<typeof resolveDeployment>['deployment'];
let source: string;
try {
  ({ deployment, source } = resolveDeployment(values.deployment ?? process.env.VERITRAIN_DEPLOYMENT));
} catch (error) {
  fail(2, error instanceof Error ? error.message : String(error));
}

const schema = loadSchemaModel();
const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) });
let store = new EntityStore(schema);
let indexer: ChainIndexer = createChainIndexer({ client, deployment, store });
let handler = createGraphqlHandler({
  store,
  schema,
  meta: () => indexer.block(),
  hasIndexingErrors: () => indexer.failure() !== undefined,
});

let server: Awaited<ReturnType<typeof serveGraphql>>;
try {
  server = await serveGraphql((req) => handler(req), port);
} catch (error) {
  fail(3, `cannot listen on 127.0.0.1:${port}: ${error instanceof Error ? error.message : String(error)}`);
}
process.stderr.write(
  `stand-in: indexing ${rpcUrl} (coordinator ${deployment.coordinator}, court ${deployment.court}, from block ${deployment.startBlock}; deployment ${source})\n`,
);
process.stdout.write(`${server.url}\n`);

let timer: ReturnType<typeof setTimeout> | undefined;
let stopping = false;
async function poll(): Promise<void> {
  try {
    const head = await client.getBlockNumber({ cacheTime: 0 });
    const last = indexer.block();
    if (last && head < last.number) {
      // The chain went back (a restarted devnet): index it again from the deployment's start block.
      process.stderr.write(
        `stand-in: chain head ${head} is below block ${last.number} already indexed; indexing again\n`,
      );
      store = new EntityStore(schema);
      indexer = createChainIndexer({ client, deployment, store });
      handler = createGraphqlHandler({
        store,
        schema,
        meta: () => indexer.block(),
        hasIndexingErrors: () => indexer.failure() !== undefined,
      });
    }
    // A failed handler stops indexing at the block before it, as graph-node does; keep serving what is indexed.
    if (!indexer.failure()) await indexer.indexTo(head);
  } catch (error) {
    process.stderr.write(`stand-in: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  }
  if (!stopping) timer = setTimeout(() => void poll(), pollIntervalMs);
}
void poll();

process.on('SIGINT', () => {
  if (stopping) process.exit(130);
  stopping = true;
  if (timer) clearTimeout(timer);
  process.stderr.write('stand-in: stopping (Ctrl+C again to force)\n');
  void server.close().then(() => process.exit(0));
});
process.on('SIGTERM', () => {
  stopping = true;
  if (timer) clearTimeout(timer);
  void server.close().then(() => process.exit(0));
});
