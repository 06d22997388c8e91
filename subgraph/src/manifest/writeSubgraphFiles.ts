import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Deployment } from '@veritrain/protocol';
import { dataSources } from './dataSources';
import { renderManifest } from './renderManifest';

export type WriteSubgraphFilesParameters = {
  root: string;
  deployment: Pick<Deployment, 'coordinator' | 'court' | 'startBlock'>;
  network: string;
};

/**
 * Writes abis/<Name>.json from protocol's generated ABIs (the source of truth; regenerated on every build so they
 * cannot go stale) and subgraph.yaml for the deployment. Returns the paths written.
 */
export function writeSubgraphFiles({ root, deployment, network }: WriteSubgraphFilesParameters): string[] {
  const written: string[] = [];
  mkdirSync(path.join(root, 'abis'), { recursive: true });
  for (const ds of dataSources) {
    const file = path.join(root, 'abis', `${ds.name}.json`);
    writeFileSync(file, `${JSON.stringify(ds.abi, null, 2)}\n`);
    written.push(file);
  }
  const manifest = path.join(root, 'subgraph.yaml');
  writeFileSync(manifest, renderManifest({ deployment, network }));
  written.push(manifest);
  return written;
}
