// Writes abis/*.json and subgraph.yaml (run by `npm run build` before graph codegen).
// Flags (each with an env twin): --deployment <file> (VERITRAIN_DEPLOYMENT), --network <name>
// (VERITRAIN_SUBGRAPH_NETWORK, default veritrain-devnet). Exit codes: 0 written, 2 bad flag or deployment.
import { parseArgs } from 'node:util';
import { resolveDeployment, subgraphRoot } from '../src/manifest/resolveDeployment';
import { SubgraphError } from '../src/manifest/subgraphError';
import { writeSubgraphFiles } from '../src/manifest/writeSubgraphFiles';

try {
  const { values } = parseArgs({
    options: { deployment: { type: 'string' }, network: { type: 'string' } },
    strict: true,
  });
  const file = values.deployment ?? process.env.VERITRAIN_DEPLOYMENT;
  const network = values.network ?? process.env.VERITRAIN_SUBGRAPH_NETWORK ?? 'veritrain-devnet';
  if (!/^[a-z0-9-]+$/.test(network))
    throw new SubgraphError(
      'INVALID_ARGUMENT',
      `--network must be a graph-node network name ([a-z0-9-]+), got ${JSON.stringify(network)}`,
    );
  const { deployment, source } = resolveDeployment(file);
  writeSubgraphFiles({ root: subgraphRoot, deployment, network });
  process.stderr.write(
    `subgraph.yaml: network ${network}, coordinator ${deployment.coordinator}, court ${deployment.court}, startBlock ${deployment.startBlock} (from ${source})\n`,
  );
} catch (error) {
  process.stderr.write(`prepareManifest: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
